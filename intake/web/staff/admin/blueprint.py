"""The admin blueprint: the staff hooks come with staff_blueprint."""

from ..blueprint import staff_blueprint

bp = staff_blueprint("admin", __name__)
