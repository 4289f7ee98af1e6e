"""The front desk's day: invite a booked patient, see who is expected today and who has sent their form."""

from datetime import date, datetime, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import DateField, DateTimeLocalField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from ....accounts import audit
from ....records import invitations
from ....database import write_transaction
from ....extensions import db
from ...forms import Form
from ....records.invitations import Invitation
from .blueprint import bp
from ..auth import role_required

audit.register_action("invitation.create", "Invited a patient")
audit.register_action("invitation.resend", "Resent an invitation")
audit.register_action("invitation.list", "Viewed the day's expected patients")

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


class InvitationForm(Form):
    full_name = StringField("Full name", validators=[
        DataRequired("Enter the patient's full name"),
        Length(max=invitations.NAME_MAX_LENGTH, message="The name must be 120 characters or fewer")])
    date_of_birth = DateField("Date of birth", validators=[DataRequired("Enter the date of birth as a real date")])
    email = StringField("Patient's e-mail address", validators=[
        DataRequired("Enter the patient's e-mail address"),
        Length(max=invitations.EMAIL_MAX_LENGTH, message="The e-mail address must be 254 characters or fewer"),
        Email("Enter an e-mail address like name@example.com", check_deliverability=False)])
    appointment = DateTimeLocalField("Appointment (date and time)", format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                     validators=[DataRequired("Enter the appointment's date and time")])
    locale = SelectField("Language of the e-mail and form", validators=[DataRequired()])

    def validate_date_of_birth(self, field):
        if field.data and not date(1900, 1, 1) <= field.data <= date.today():
            raise ValidationError("The date of birth must be in the past")

    def validate_appointment(self, field):
        # Until the end of the appointment's day (the link's life), so a same-day booking still works.
        if field.data and invitations.end_of_day(field.data, invitations.clinic_zone()) <= invitations.utcnow():
            raise ValidationError("The appointment must be today or later")


def _language_choices():
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


def _day_from_args(today: date) -> date:
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return today


@bp.get("/today")
@role_required("front_desk")
def today():
    zone = invitations.clinic_zone()
    clinic_today = datetime.now(zone).date()
    day = _day_from_args(clinic_today)
    audit.record("invitation.list", object_type="day", object_id=day.isoformat())
    rows = invitations.expected_on(day, zone)
    links = {row.invitation.id: invitations.patient_link(row.invitation) or url_for(
        "patient.invitation", token=invitations.link_token(row.invitation), _external=False) for row in rows}
    return render_template("staff/today.html", title="Today" if day == clinic_today else f"Expected {day:%-d %B %Y}",
                           nav_active="today", rows=rows, day=day, clinic_today=clinic_today, links=links,
                           previous_day=day - timedelta(days=1), next_day=day + timedelta(days=1),
                           public_url=current_app.config.get("PUBLIC_URL"))


@bp.route("/invitations/new", methods=["GET", "POST"])
@role_required("front_desk")
def invitation_new():
    form = InvitationForm()
    form.locale.choices = _language_choices()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("staff/invitation_new.html", title="Invite a patient" if status == 200 else
                               "Error: Invite a patient", nav_active="today", form=form), status
    with write_transaction() as tx:
        invitation = invitations.create(
            tx, full_name=form.full_name.data, date_of_birth=form.date_of_birth.data, email=form.email.data,
            appointment_local=form.appointment.data, locale=form.locale.data, created_by_id=current_user.id)
        audit.record("invitation.create", object_type="invitation", object_id=invitation.id)
    _send_and_report(invitation.id, "Invitation created")
    return redirect(url_for("review.today", day=form.appointment.data.date().isoformat()))


@bp.post("/invitations/<uuid:invitation_id>/resend")
@role_required("front_desk")
def invitation_resend(invitation_id):
    invitation = db.session.get(Invitation, str(invitation_id))
    if invitation is None:
        abort(404)
    audit.record("invitation.resend", object_type="invitation", object_id=invitation.id)
    if invitations.is_expired(invitation):
        flash("That invitation's link has expired (after the appointment day): create a new one.", "warning")
    else:
        _send_and_report(invitation.id, "Invitation")
    day = invitations.to_local(invitation.appointment_at, invitations.clinic_zone()).date()
    return redirect(url_for("review.today", day=day.isoformat()))


def _send_and_report(invitation_id: str, what: str) -> None:
    invitation = db.session.get(Invitation, invitation_id)
    problem = invitations.send_email(invitation)
    if problem:
        flash(f"{what}, but not e-mailed. {problem}", "warning")
        return
    with write_transaction() as tx:
        tx.get(Invitation, invitation_id).emailed_at = invitations.utcnow()
    flash(f"{what} e-mailed to {invitation.email}.", "success")
