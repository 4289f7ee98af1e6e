"""New-submission e-mail notices to the practice: the urgency and a link to the staff page, never patient data.

Optional: off while NOTIFY_EMAIL is unset. One e-mail per new submission, sent at once (so emergency
and urgent ones are never held back) with the urgency in the subject. Sent only after the
submission's transaction has committed, and a mail server that is down, slow or refusing can never
lose or fail the patient's submission: the failure is logged (with no patient data) and the patient
still gets the confirmation. Plain smtplib and email.message; no extension needed.
"""

import json
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

from ..config import public_link

log = logging.getLogger("intake.notices")

SUBJECT_PREFIX = {"emergency": "EMERGENCY: ", "urgent": "URGENT: ", "none": ""}
URGENCY_TEXT = {
    "emergency": "EMERGENCY - the answers include emergency red flags. Make sure the practitioner sees it now.",
    "urgent": "URGENT - the answers include red flags for the practitioner to discuss before any treatment.",
    "none": "No red flags.",
}


def build_message(config, submission_id, level: str) -> EmailMessage:
    """The notice: who it is from and to, the urgency, and the link. Nothing about the patient."""
    clinic = " ".join(str(config["CLINIC_NAME"]).split())  # one line: no header injection from settings
    message = EmailMessage()
    message["Subject"] = f"{SUBJECT_PREFIX.get(level, '')}New intake submission - {clinic}"
    message["From"] = config["MAIL_FROM"]
    message["To"] = config["NOTIFY_EMAIL"]
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=str(config["MAIL_FROM"]).rpartition("@")[2] or None)
    if level in ("emergency", "urgent"):
        message["Importance"] = "high"
        message["X-Priority"] = "1"
    link = staff_link(config, submission_id)
    where = (f"Open it in the staff area (log in first):\n{link}" if link else
             "Open the queue in the staff area to read it. (Set PUBLIC_URL for a direct link in these e-mails.)")
    message.set_content(
        f"A new intake questionnaire has been sent to {clinic}.\n\n"
        f"Urgency: {URGENCY_TEXT.get(level, level)}\n\n"
        f"{where}\n\n"
        "This e-mail holds no patient information on purpose.\n")
    return message


def staff_link(config, submission_id) -> str | None:
    # The path as the app routes it (no request needed), under the public address.
    # The endpoint is the staff blueprint's to name (it declares it): nothing below the blueprints names one.
    endpoint = current_app.extensions["intake.submission_record_endpoint"]
    path = current_app.url_map.bind("localhost", script_name="/").build(endpoint, {"submission_id": submission_id})
    return public_link(config.get("PUBLIC_URL"), path)


def new_submission(submission_id, level: str) -> bool:
    """Send the notice for a newly stored submission; True if the mail server accepted it.

    Never raises: the submission is already stored, and the patient must get their confirmation.
    """
    config = current_app.config
    if not config.get("NOTIFY_EMAIL"):
        return False
    try:
        message = build_message(config, submission_id, level)
    except Exception as exc:  # a setting that cannot make a message: logged like a refused send
        log.warning(json.dumps({"event": "notice.failed", "submission": str(submission_id), "level": level,
                                "error": type(exc).__name__, "smtp_code": None}))
        return False
    return send(message, event="notice.failed", submission=str(submission_id), level=level)


def send(message: EmailMessage, *, event: str, **context) -> bool:
    """Hand one message to the SMTP server of the MAIL_ settings; True if accepted. Never raises: failures are logged."""
    config = current_app.config
    if message["Date"] is None:
        message["Date"] = formatdate(localtime=False)
    if message["Message-ID"] is None:
        message["Message-ID"] = make_msgid(domain=str(config["MAIL_FROM"]).rpartition("@")[2] or None)
    try:
        with smtplib.SMTP(config["MAIL_HOST"], int(config["MAIL_PORT"]), timeout=float(config["MAIL_TIMEOUT"])) as smtp:
            if config.get("MAIL_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
        return True
    except Exception as exc:  # any failure: logged, never passed on to the request that sent it
        # The error's kind and SMTP code only: no message text, addresses or patient data.
        log.warning(json.dumps({"event": event, **context, "error": type(exc).__name__,
                                "smtp_code": getattr(exc, "smtp_code", None)}))
        return False
