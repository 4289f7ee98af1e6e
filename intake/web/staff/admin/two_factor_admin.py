"""The administrator's two-step sign-in controls: reset one person's, require it for everyone."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from ....accounts import users as accounts, audit, two_factor
from ....database import write_transaction
from ....questionnaire import N_
from .blueprint import bp
from ..account_forms import RequirementForm
from ..auth import role_required

audit.register_action("two_factor.require", N_("Changed whether two-step sign-in is required"))
audit.register_action("user.two_factor_reset", N_("Reset a user's two-step sign-in"))


@bp.post("/users/<uuid:public_id>/two-factor/reset")
@role_required("admin")
def user_two_factor_reset(public_id):
    user = accounts.find_user_by_public_id(str(public_id))
    if user is None:
        abort(404)
    with write_transaction() as write:
        if two_factor.turn_off(write, user.id):
            audit.record("user.two_factor_reset", object_type="user", object_id=user.public_id)
    flash(_("Two-step sign-in reset. The person logs in with their password and sets it up again."), "success")
    return redirect(url_for("admin.user_detail", public_id=user.public_id))


@bp.post("/users/two-factor-requirement")
@role_required("admin")
def two_factor_requirement():
    form = RequirementForm()
    if form.validate_on_submit():
        required = form.required.data == "yes"
        if required != two_factor.required_for_everyone():
            with write_transaction() as write:
                two_factor.set_required(write, required)
                audit.record("two_factor.require", object_type="setting", object_id="yes" if required else "no")
        flash(_("Two-step sign-in is now required for every account: anyone without it sets it up at their next "
                "login.") if required else _("Two-step sign-in is now optional."), "success")
    return redirect(url_for("admin.users"))

