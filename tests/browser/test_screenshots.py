"""`make screenshots`: the tour's app keeps to its own scratch folder (no browser needed for this)."""

from flask_migrate import upgrade

from intake import ROOT, create_app
from intake.accounts import audit, audit_chain

from .screenshots import scratch_config


def test_the_tour_keeps_its_audit_key_and_checkpoint_beside_its_own_database(tmp_path):
    app = create_app(scratch_config(tmp_path))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        audit.record("user.enable", object_type="user", object_id="tour")
        assert audit.verify_chain() == (True, 1, None)
        # Beside the tour's database, so the instance's (the developer's own database's) are never moved.
        assert audit_chain.key_path().parent == audit_chain.checkpoint_path().parent == tmp_path
        assert audit_chain.key_path().exists() and audit_chain.checkpoint_path().exists()
    assert (tmp_path / "screenshots.sqlite3").exists()
