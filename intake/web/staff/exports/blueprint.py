"""The exports blueprint: the staff hooks come with staff_blueprint."""

from ..blueprint import staff_blueprint

bp = staff_blueprint("exports", __name__)
