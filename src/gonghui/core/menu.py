"""The left menu of the staff pages, filtered by permission.

Each app adds its entries to ``MENU``; an entry shows when the user holds its permission anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: Any
    url_name: str
    perm: str | None
    icon: str = "circle"
    section: Any = ""


MENU: list[MenuItem] = [
    MenuItem(_("Home"), "core:home", None, "house"),
    MenuItem(_("Organisations"), "orgs:tree", "orgs.view", "diagram-3", _("Registry")),
    MenuItem(_("Service points"), "orgs:points", "orgs.view", "geo-alt", _("Registry")),
    MenuItem(_("Regions"), "orgs:regions", "orgs.view", "map", _("Registry")),
    MenuItem(_("People"), "people:list", "people.view", "person-vcard", _("Registry")),
    MenuItem(_("Households"), "people:households", "people.view", "house-heart", _("Registry")),
    MenuItem(_("Member roll"), "people:memberships", "people.view", "card-list", _("Registry")),
    MenuItem(_("Possible duplicates"), "people:duplicates", "people.change", "people", _("Registry")),
    MenuItem(_("Enterprises"), "enterprises:list", "enterprises.view", "buildings", _("Registry")),
    MenuItem(_("Imports"), "imports:list", None, "upload", _("Registry")),
    MenuItem(_("Funds"), "funds:list", "funds.view", "piggy-bank", _("Welfare platform")),
    MenuItem(_("Donations"), "funds:donations", "funds.view", "gift", _("Welfare platform")),
    MenuItem(_("Donor list"), "funds:donors", "funds.view", "list-ol", _("Welfare platform")),
    MenuItem(_("Goods stock"), "funds:goods", "funds.view", "box-seam", _("Welfare platform")),
    MenuItem(_("Hardship files"), "hardship:files", "hardship.view", "folder2-open", _("Welfare platform")),
    MenuItem(_("Aid applications"), "hardship:aid", "hardship.view", "hand-thumbs-up", _("Welfare platform")),
    MenuItem(_("Aid review queue"), "hardship:queue", "hardship.view", "hourglass", _("Welfare platform")),
    MenuItem(
        _("Aid rules and standards"), "hardship:rules", "hardship.view", "sliders", _("Welfare platform")
    ),
    MenuItem(
        _("Supervision report"), "hardship:supervision", "supervision.view", "eye", _("Welfare platform")
    ),
    MenuItem(_("Campaigns"), "hardship:campaigns", "hardship.view", "balloon-heart", _("Welfare platform")),
    MenuItem(_("Consultations"), "rights:consultations", "rights.view", "chat-left", _("Rights platform")),
    MenuItem(_("Duty roster"), "rights:roster", "rights.view", "calendar-week", _("Rights platform")),
    MenuItem(_("Rights cases"), "rights:cases", "rights.view", "shield-check", _("Rights platform")),
    MenuItem(_("Counselling"), "rights:sessions", "counselling.view", "heart-pulse", _("Rights platform")),
    MenuItem(_("Legal outreach"), "rights:outreach", "rights.view", "easel", _("Rights platform")),
    MenuItem(_("Rights figures"), "rights:figures", "rights.view", "bar-chart", _("Rights platform")),
    MenuItem(
        _("Collective contracts"),
        "bargaining:contracts",
        "bargaining.view",
        "file-earmark-text",
        _("Rights platform"),
    ),
    MenuItem(
        _("Openness records"), "bargaining:openness", "bargaining.view", "megaphone", _("Rights platform")
    ),
    MenuItem(
        _("Satisfaction surveys"),
        "bargaining:surveys",
        "bargaining.view",
        "emoji-smile",
        _("Rights platform"),
    ),
    MenuItem(
        _("Bargaining figures"), "bargaining:figures", "bargaining.view", "graph-up", _("Rights platform")
    ),
    MenuItem(_("Users"), "accounts:users", "accounts.manage", "people", _("Administration")),
    MenuItem(_("Audit log"), "core:audit", "audit.view", "journal-text", _("Administration")),
    MenuItem(_("API tokens"), "accounts:tokens", None, "key", _("Administration")),
]


def menu_for(request: HttpRequest, user: Any) -> list[dict[str, Any]]:
    """Menu entries the user may open, grouped by section, the one matching the page best marked."""
    from gonghui.accounts.scoping import has_perm

    sections: dict[str, dict[str, Any]] = {}
    entries: list[dict[str, Any]] = []
    for item in MENU:
        if item.perm and not has_perm(user, item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entry = {"label": item.label, "url": url, "icon": item.icon, "active": False}
        key = str(item.section)
        sections.setdefault(key, {"title": item.section, "items": []})["items"].append(entry)
        entries.append(entry)
    matching = [
        e
        for e in entries
        if request.path == e["url"] or (e["url"] != "/" and request.path.startswith(e["url"]))
    ]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["active"] = True
    return list(sections.values())
