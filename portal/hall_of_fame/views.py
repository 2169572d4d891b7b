"""The Hall of Fame gallery, an inductee's certificate, and the ceremony."""
from urllib.parse import quote

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.campaigns.models import Campaign
from portal.extensions import db
from portal.fragments import kept, recent, render_shared
from portal.hall_of_fame import bp, service
from portal.hall_of_fame.certificates import certificate_pdf
from portal.hall_of_fame.models import Induction
from portal.params import int_arg
from portal.permissions import hr_required
from portal.stories.markdown import plain_excerpt
from portal.stories.wall import WallFilter, filter_form
from portal.voting.service import frozen_tally


@bp.route("/hall-of-fame")
def index():
    """Inductees by year, newest first, filterable; each with its story and certificates."""
    filters = WallFilter.from_args(request.args)

    def gallery() -> str:
        years: dict[int, list[Induction]] = {}
        for induction in service.hall_of_fame(db.session, filters):
            years.setdefault(induction.campaign.year, []).append(induction)
        return render_shared("hall_of_fame/_years.html", years=years, filters=filters, excerpt=plain_excerpt)
    stamp = recent("hall of fame", lambda: service.stamp(db.session))
    return render_template("hall_of_fame/index.html", gallery=kept(("hall of fame", filters, stamp), gallery),
                           filter_form=filter_form(db.session, filters))


@bp.route("/hall-of-fame/<id:induction_id>/certificate.pdf")
def certificate(induction_id: int):
    """The PDF certificate of one inductee (a nominee, or the team); 404 for anyone else."""
    induction = db.get_or_404(Induction, induction_id)
    name = service.certificate_name(induction, int_arg("person"))
    if name is None:
        abort(404)
    paper = "letter" if request.args.get("paper") == "letter" else "A4"
    response = make_response(certificate_pdf(name, induction, paper))
    response.headers["Content-Type"] = "application/pdf"
    year = induction.campaign.year
    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name).strip("-") or "inductee"
    # An ASCII name for old clients, and the real one (Chinese, Telugu …) per RFC 6266.
    response.headers["Content-Disposition"] = (
        f'attachment; filename="service-star-{year}-{ascii_name}.pdf"; '
        f"filename*=UTF-8''{quote(f'service-star-{year}-{name}.pdf')}")
    return response


@bp.route("/admin/campaigns/<id:campaign_id>/ceremony")
@hr_required
def ceremony(campaign_id: int):
    """Full-screen presentation revealing each category's winners one at a time."""
    campaign = db.get_or_404(Campaign, campaign_id)
    tallies = frozen_tally(db.session, campaign)
    if tallies is None:
        flash(_("The ceremony is ready once the winners are announced."), "error")
        return redirect(url_for("campaigns.edit", campaign_id=campaign_id))
    return render_template("hall_of_fame/ceremony.html", campaign=campaign, tallies=tallies, excerpt=plain_excerpt)
