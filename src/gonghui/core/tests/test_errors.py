"""Errors reach API clients as {"detail", "errors": [{"field", "message"}]} in their language."""

from __future__ import annotations

import json

from django.test import Client
from django.utils import translation

from gonghui.core.errors import Conflict, DomainError, FieldError, NotFound, PermissionDenied

ORGS = "/api/v1/orgs/"


def _post(client: Client, data: dict, language: str | None = None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.post(ORGS, json.dumps(data), content_type="application/json", **headers)


def test_missing_fields_answer_400_naming_each_field(api, county):
    response = _post(api("admin"), {"code": "X1"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    fields = {e["field"] for e in body["errors"]}
    assert {"name", "kind", "parent"} <= fields
    assert all(e["message"] for e in body["errors"])


def test_errors_are_in_chinese_by_default_and_english_on_request(api, county):
    client = api("admin")
    chinese = _post(client, {"code": "X1"}).json()
    english = _post(client, {"code": "X1"}, language="en").json()
    assert chinese["detail"] == "部分字段缺失或无效。"
    assert english["detail"] == "Some fields are missing or not valid."
    assert chinese["errors"][0]["message"] == "此项为必填项。"
    assert english["errors"][0]["message"] == "This field is required."
    assert _post(client, {"code": "X1"}, language="zh-CN,zh;q=0.9").json()["detail"] == chinese["detail"]


def test_a_refused_business_rule_names_its_field(api, county):
    data = {"name": "新工会", "kind": "township", "parent": county.grassroots1.pk}
    response = _post(api("admin"), data, language="en")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["parent"]


def test_not_found_and_unauthenticated_use_the_same_format(api, client, county):
    missing = api("township1").get(f"{ORGS}999999", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not found, or outside your scope."
    assert set(missing.json()) == {"detail", "errors"}
    other_township = api("township1").get(f"{ORGS}{county.township2.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert other_township.status_code == 404
    assert other_township.json() == missing.json()
    anonymous = client.get(ORGS)
    assert anonymous.status_code == 401
    assert set(anonymous.json()) == {"detail", "errors"}


def test_invalid_json_is_a_400_in_the_same_format(api, county):
    response = api("admin").post(ORGS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_domain_error_statuses():
    assert DomainError("x").status == 400
    assert PermissionDenied("x").status == 403
    assert NotFound("x").status == 404
    assert Conflict("x").status == 409
    assert DomainError("x", status=401).status == 401


def test_domain_error_lists_every_field_error():
    error = DomainError("bad", errors=[FieldError("a", "first"), FieldError("b", "second")])
    assert error.as_dict() == {
        "detail": "bad",
        "errors": [{"field": "a", "message": "first"}, {"field": "b", "message": "second"}],
    }


def test_domain_error_message_follows_the_reader_language():
    from django.utils.translation import gettext_lazy as _

    error = DomainError(_("This field is required."), field="name")
    with translation.override("en"):
        assert error.as_dict()["detail"] == "This field is required."
    with translation.override("zh-hans"):
        assert error.as_dict()["errors"][0]["message"] == "此项为必填项。"


def test_domain_error_goes_beside_its_field_in_a_form():
    from django import forms

    class Form(forms.Form):
        name = forms.CharField()

    form = Form({"name": "x"})
    assert form.is_valid()
    DomainError("top", errors=[FieldError("name", "beside"), FieldError("other", "on top")]).add_to_form(form)
    assert form.errors["name"] == ["beside"]
    assert form.non_field_errors() == ["on top"]
