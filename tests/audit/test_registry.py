import pytest

from gongkai.audit import registry


def test_registered_codes_are_found():
    assert registry.get("report.imported").code == "report.imported"
    assert "report.replaced" in {e.code for e in registry.all_event_types()}


def test_an_unregistered_code_raises():
    with pytest.raises(registry.UnknownEventCode):
        registry.get("report.typo")


def test_registering_twice_with_the_same_label_is_harmless():
    first = registry.get("report.imported")
    assert registry.register("report.imported", first.label) is first


def test_registering_a_code_twice_with_another_label_fails():
    with pytest.raises(ValueError, match="twice"):
        registry.register("report.imported", "别的意思")


@pytest.mark.parametrize("bad", ["", "noentity", " report.x"])
def test_codes_must_look_like_entity_dot_action(bad):
    with pytest.raises(ValueError):
        registry.register(bad, "坏代码")
