"""The account blueprint, named `staff` (staff.login…): the staff hooks come with staff_blueprint."""

from ..blueprint import staff_blueprint

bp = staff_blueprint("staff", __name__)
