"""factory_boy factories of the enterprises app (test set-up only: no permission checks)."""

from __future__ import annotations

from typing import Any

import factory

from gonghui.enterprises import codes
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.names import name_pinyin


def make_uscc(n: int, authority_type: str = "91", region: str = "511922") -> str:
    """A valid credit code numbered ``n`` (its check character computed)."""
    first17 = f"{authority_type}{region}{n:09d}"
    return first17 + codes.check_character(first17)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    """An enterprise; pass ``org`` (its keeper). The pinyin columns follow the name, as the services do."""

    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"南江县测试{n}有限公司")
    uscc = factory.Sequence(lambda n: make_uscc(500000 + n))
    type = Enterprise.Type.PRIVATE
    industry = "C"
    employee_count = 10
    org = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        kwargs["name_pinyin"], kwargs["name_initials"] = name_pinyin(kwargs["name"])
        return super()._create(model_class, *args, **kwargs)
