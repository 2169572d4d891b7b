"""HR's dashboard."""
from flask import render_template

from portal.admin import bp
from portal.directory.service import directory_counts
from portal.extensions import db
from portal.permissions import hr_required


@bp.route("/")
@hr_required
def index():
    """What HR can run, with the directory's headline numbers."""
    return render_template("admin/index.html", counts=directory_counts(db.session))
