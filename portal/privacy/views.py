"""A person downloads their data."""
from flask import Response, abort
from flask_login import current_user

from portal.accounts.forms import DownloadDataForm
from portal.extensions import db
from portal.privacy import bp
from portal.privacy.export import export_zip
from portal.transactions import reads_first
from portal.types import utcnow


@bp.route("/account/my-data.zip", methods=["POST"])
@reads_first  # it only reads: no voter waits for the write lock meanwhile
def download_my_data():
    """Everything the portal holds about the signed-in person, as a ZIP (JSON and photos)."""
    if not DownloadDataForm().validate_on_submit():
        abort(400)
    data = export_zip(db.session, current_user._get_current_object())
    db.session.rollback()
    name = f"service-stars-my-data-{utcnow():%Y-%m-%d}.zip"
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
