"""The ceiling: a bare Flask app returning 2 KB, served exactly like the product."""

from flask import Flask

BODY = "x" * 2048

app = Flask(__name__)


@app.get("/")
def two_kilobytes():
    return BODY
