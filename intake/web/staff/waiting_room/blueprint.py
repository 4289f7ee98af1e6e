"""The waiting-room blueprint: the staff hooks come with staff_blueprint."""

from ..blueprint import staff_blueprint

bp = staff_blueprint("waiting_room", __name__)
