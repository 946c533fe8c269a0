"""factory_boy factories of the orgs app (test set-up only: no permission checks)."""

from __future__ import annotations

from typing import Any

import factory

from gonghui.orgs.models import Organisation, ServicePoint


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation placed in the tree through treebeard; pass ``parent`` (None makes a root)."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试工会{n}")
    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    kind = Organisation.Kind.GRASSROOTS

    @classmethod
    def _create(cls, model_class: type, *args: Any, parent: Organisation | None = None, **kwargs: Any) -> Any:
        if parent is None:
            return model_class.objects.add_root(create_kwargs=kwargs)
        parent = model_class.objects.get(pk=parent.pk)
        return model_class.objects.add_child(parent, create_kwargs=kwargs)


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    name = factory.Sequence(lambda n: f"职工服务站{n}")
    kind = ServicePoint.Kind.STATION
    org = None
