"""Administrator pages: staff users (list, create, role, disable, password) and the audit log."""

from datetime import datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ....accounts import users as accounts, audit, two_factor, user_admin
from ....accounts.users import User
from ....accounts.audit import AuditEvent
from ....database import write_transaction
from ....extensions import db
from ....accounts.two_factor import TwoFactor
from .blueprint import bp
from . import audit_subjects
from ..account_forms import CreateUserForm, RoleForm, SetPasswordForm
from .forms import AuditFilterForm
from ..auth import role_required

AUDIT_PAGE_SIZE = 50
FILTER_NAMES = ("user", "action", "reference", "date_from", "date_to")


def _user_or_404(public_id) -> User:
    user = accounts.find_user_by_public_id(str(public_id))
    if user is None:
        abort(404)
    return user


@bp.route("/users")
@role_required("admin")
def users():
    rows = db.session.scalars(select(User).order_by(User.active.desc(), User.email)).all()
    enabled = set(db.session.scalars(select(TwoFactor.user_id).where(TwoFactor.enabled_at.is_not(None))))
    return render_template("staff/users.html", users=rows, two_factor_on=enabled,
                           two_factor_required=two_factor.required_for_everyone(), title=_("Users"),
                           nav_active="users")


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def user_new():
    form = CreateUserForm()
    if form.validate_on_submit():
        with write_transaction() as session:
            # The administrator chose this password, so the person picks their own at first login.
            user = accounts.create_user(session, email=form.email.data, name=form.name.data, role=form.role.data,
                                        password=form.password.data, must_change_password=True)
            audit.record("user.create", object_type="user", object_id=user.public_id)
            public_id = user.public_id
        flash(_("User created. Give them the password in person; they will choose their own when they log in."),
              "success")
        return redirect(url_for("admin.user_detail", public_id=public_id))
    return render_template("staff/users_new.html", form=form, title=_("Add a user"), nav_active="users")


@bp.route("/users/<uuid:public_id>")
@role_required("admin")
def user_detail(public_id):
    user = _user_or_404(public_id)
    return _detail_page(user)


def _detail_page(user, role_form=None, password_form=None, status=200):
    role_form = role_form or RoleForm(data={"role": user.role})
    password_form = password_form or SetPasswordForm(formdata=None)
    return render_template("staff/users_edit.html", user=user, role_form=role_form, password_form=password_form,
                           is_self=user.id == current_user.id, two_factor_on=two_factor.has_two_factor(user.id),
                           title=user.display_name, nav_active="users"), status


def _refuse_self(user) -> bool:
    # Never lock the clinic out: an administrator cannot demote or disable their own account,
    # so at least one active administrator always remains.
    if user.id == current_user.id:
        flash(_("You cannot change your own role or disable your own account. Ask another administrator."),
              "warning")
        return True
    return False


@bp.route("/users/<uuid:public_id>/role", methods=["POST"])
@role_required("admin")
def user_role(public_id):
    user = _user_or_404(public_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _detail_page(user, role_form=form, status=400)
    if not _refuse_self(user) and form.role.data != user.role:
        user_admin.set_role(user, form.role.data)
        flash(_("Role changed to %(role)s.", role=_(accounts.ROLE_LABELS[form.role.data])), "success")
    return redirect(url_for("admin.user_detail", public_id=user.public_id))


@bp.route("/users/<uuid:public_id>/disable", methods=["POST"])
@role_required("admin")
def user_disable(public_id):
    return _change_active(public_id, active=False)


@bp.route("/users/<uuid:public_id>/enable", methods=["POST"])
@role_required("admin")
def user_enable(public_id):
    return _change_active(public_id, active=True)


def _change_active(public_id, active: bool):
    user = _user_or_404(public_id)
    if active and not user.active:
        user_admin.enable_user(user)
        flash(_("Account enabled."), "success")
    elif not active and not _refuse_self(user) and user.active:
        user_admin.disable_user(user)
        flash(_("Account disabled. Anyone logged in with it has been logged out."), "success")
    return redirect(url_for("admin.user_detail", public_id=user.public_id))


@bp.route("/users/<uuid:public_id>/password", methods=["POST"])
@role_required("admin")
def user_password(public_id):
    user = _user_or_404(public_id)
    if user.id == current_user.id:
        return redirect(url_for("staff.change_password"))
    form = SetPasswordForm()
    form.policy_email = user.email
    if not form.validate_on_submit():
        return _detail_page(user, password_form=form, status=400)
    with write_transaction() as session:
        user = session.merge(user)
        accounts.set_password(session, user, form.password.data, must_change=True)
        audit.record("user.password", object_type="user", object_id=user.public_id)
    flash(_("Password set and the user's sessions ended. They will choose their own password when they log in."),
          "success")
    return redirect(url_for("admin.user_detail", public_id=user.public_id))


@bp.route("/audit")
@role_required("admin")
def audit_log():
    staff = db.session.scalars(select(User).order_by(User.email)).all()
    form = AuditFilterForm(request.args)
    form.user.choices = [("", _("Anyone"))] + [(user.public_id, user.email) for user in staff]
    form.action.choices = [("", _("Any action"))] + [(code, _(label)) for code, label in sorted(audit.ACTIONS.items())]
    before = request.args.get("before", "")
    # ASCII digits only ("²".isdigit() is true), and few enough to fit a 64-bit row id.
    bad_before = bool(before) and not (before.isascii() and before.isdigit() and len(before) <= 18)
    if not form.validate() or bad_before:
        if bad_before:
            flash(_("That page of the audit log does not exist. Showing the newest entries."), "warning")
        return render_template("staff/audit.html", form=form, events=[], older=None, title=_("Audit log"),
                               nav_active="audit"), 400
    audit.record("audit.list")
    # A fresh read (SQLite keeps the request's first snapshot otherwise), so the list includes this view.
    db.session.rollback()
    events = _audit_events(form, int(before) if before else None)
    older = events[AUDIT_PAGE_SIZE - 1].id if len(events) > AUDIT_PAGE_SIZE else None
    events = events[:AUDIT_PAGE_SIZE]
    return render_template("staff/audit.html", form=form, events=events, older=older,
                           subjects=audit_subjects.describe(events),
                           filters={name: request.args[name] for name in FILTER_NAMES if request.args.get(name)},
                           title=_("Audit log"), nav_active="audit")


def _audit_events(form, before_id: int | None):
    """Newest first, one page plus one row (to know whether an older page exists); filters bound, never pasted."""
    query = (select(AuditEvent).options(joinedload(AuditEvent.user))
             .order_by(AuditEvent.id.desc()).limit(AUDIT_PAGE_SIZE + 1))
    if form.user.data:
        query = query.join(User, AuditEvent.user_id == User.id).where(User.public_id == form.user.data)
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data)
    if form.reference.data:
        # A reference no submission has (or had: purged ones are gone) finds nothing, as it should.
        submission_id = audit_subjects.submission_id_for(audit_subjects.normal_reference(form.reference.data))
        query = query.where(AuditEvent.object_type == "submission", AuditEvent.object_id == (submission_id or ""))
    if form.date_from.data:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(form.date_from.data, time.min))
    if form.date_to.data:
        query = query.where(AuditEvent.occurred_at < datetime.combine(form.date_to.data + timedelta(days=1), time.min))
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return db.session.scalars(query).all()
