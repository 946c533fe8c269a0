"""The left menu shows what the role may open and marks the page's own entry only."""

import re


def _active_links(html: str) -> list[str]:
    return re.findall(r'class="nav-link active" href="([^"]+)"', html)


def test_menu_marks_only_the_longest_matching_entry(login):
    html = login("admin").get("/orgs/points/").content.decode()
    assert _active_links(html) == ["/orgs/points/"]


def test_menu_hides_administration_from_a_township_cadre(login):
    html = login("township1").get("/").content.decode()
    assert "/accounts/users/" not in html and "/audit/" not in html
    assert "/orgs/" in html
