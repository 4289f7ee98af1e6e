"""The learn blueprint object and the hooks that apply to all of its pages."""

from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")
