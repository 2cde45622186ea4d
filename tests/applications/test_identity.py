"""Identity documents and credit codes: checksums, permit variants, masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_11_2

from gongkai.applications import identity as idn


def with_check(first17: str) -> str:
    return first17 + mod_11_2.calc_check_digit(first17)


def test_resident_id_checksum():
    assert idn.validate_resident_id("11010519491231002X") == "11010519491231002X"
    assert idn.validate_resident_id(" 110105 19491231 002x ") == "11010519491231002X"
    assert idn.validate_resident_id("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    with pytest.raises(idn.IdentityError, match="校验位"):
        idn.validate_resident_id("110105194912310021")
    with pytest.raises(idn.IdentityError, match="18位"):
        idn.validate_resident_id("11010519491231002")
    with pytest.raises(idn.IdentityError, match="出生日期"):
        idn.validate_resident_id(with_check("11010519490231002"))
    with pytest.raises(idn.IdentityError, match="行政区划"):
        idn.validate_resident_id(with_check("99010519491231002"))


def test_residence_permits_of_hong_kong_macao_and_taiwan():
    for prefix in ("810000", "820000", "830000"):
        number = with_check(prefix + "19900101001")
        assert idn.validate_residence_permit(number) == number
        with pytest.raises(idn.IdentityError, match="港澳台"):
            idn.validate_resident_id(number)
    with pytest.raises(idn.IdentityError, match="810000"):
        idn.validate_residence_permit(with_check("81010119900101001"))
    with pytest.raises(idn.IdentityError, match="810000"):
        idn.validate_residence_permit("11010519491231002X")


def test_foreign_permanent_residence_card():
    number = with_check("93384019850612001")
    assert idn.validate_foreign_permanent(number) == number
    with pytest.raises(idn.IdentityError, match="以 9 开头"):
        idn.validate_foreign_permanent("11010519491231002X")
    with pytest.raises(idn.IdentityError, match="校验位"):
        idn.validate_foreign_permanent(number[:-1] + ("0" if number[-1] != "0" else "1"))


def test_passport_other_and_unknown_type():
    assert idn.validate_id_document("passport", "e12345678") == "E12345678"
    with pytest.raises(idn.IdentityError):
        idn.validate_id_document("passport", "E1")
    assert idn.validate_id_document("other", "军官证 第123号") == "军官证 第123号"
    with pytest.raises(idn.IdentityError, match="类型"):
        idn.validate_id_document("", "11010519491231002X")


def test_unified_social_credit_code():
    assert idn.validate_credit_code("91110000600037341l") == "91110000600037341L"
    with pytest.raises(idn.IdentityError, match="校验位"):
        idn.validate_credit_code("91110000600037341X")
    with pytest.raises(idn.IdentityError, match="18位"):
        idn.validate_credit_code("9111000060003734")


def test_phone():
    assert idn.validate_phone("139-0000-0009") == "13900000009"
    assert idn.validate_phone("0391-6633123") == "03916633123"
    with pytest.raises(idn.IdentityError):
        idn.validate_phone("12")


def test_masks_keep_first_three_and_last_four():
    assert idn.mask("11010519491231002X") == "110***********002X"
    assert idn.mask("13900000009") == "139****0009"
    assert idn.mask("1234567") == "*******"
    assert idn.mask_email("wang.ce@example.org") == "w***e@example.org"


@given(st.from_regex(r"\A[1-6][1-5][0-9]{4}(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z"))
def test_any_well_formed_number_with_its_check_character_is_valid_and_any_other_is_not(first17):
    number = with_check(first17)
    if int(number[:2]) in idn.PROVINCES:
        assert idn.validate_resident_id(number) == number
        wrong = "0123456789X".replace(number[-1], "")[0]
        with pytest.raises(idn.IdentityError):
            idn.validate_resident_id(number[:-1] + wrong)
    assert idn.mask(number)[3:-4] == "*" * 11
