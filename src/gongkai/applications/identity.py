"""Identity documents and organisation codes of applicants: validation and masking.

* 居民身份证 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, check character
  (ISO 7064 MOD 11-2, ``X`` for 10).
* 港澳台居民居住证: the same layout and check character, region 810000 (Hong Kong), 820000 (Macao),
  830000 (Taiwan).
* 外国人永久居留身份证 (2023 version): 18 characters beginning with 9, the same check character.
* 统一社会信用代码 (GB 32100-2015): 18 characters with its own check character.

These values are personal data (个人信息保护法): never log them, never put them in an audit event;
show them masked (``mask``: first 3 and last 4 characters).
"""

from __future__ import annotations

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_11_2

from gongkai.core.errors import ApplicationError


class IdentityError(ApplicationError):
    code = "bad_identity"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", gettext_lazy("居民身份证")
    RESIDENCE_PERMIT = "residence_permit", gettext_lazy("港澳台居民居住证")
    FOREIGN_PERMANENT = "foreign_permanent", gettext_lazy("外国人永久居留身份证")
    PASSPORT = "passport", gettext_lazy("护照")
    OTHER = "other", gettext_lazy("其他身份证明")


# Mainland province-level region codes (the first two digits of a 居民身份证).
PROVINCES = frozenset(
    {
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
    }
)
PERMIT_REGIONS = {"81": gettext_lazy("香港"), "82": gettext_lazy("澳门"), "83": gettext_lazy("台湾")}
_EIGHTEEN = re.compile(r"^[0-9]{17}[0-9X]$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")


def normalize(value: str) -> str:
    """Upper case, full-width characters and spaces removed (``１１０…ｘ`` → ``110…X``)."""
    text = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in str(value or ""))
    return re.sub(r"[\s\-]", "", text).upper()


def _eighteen(number: str, what: str) -> str:
    if not _EIGHTEEN.match(number):
        raise IdentityError(_("%(what)s号码应为18位：前17位是数字，最后一位是数字或 X。") % {"what": what})
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError(_("%(what)s号码中的出生日期（第7–14位）不是有效日期。") % {"what": what}) from None
    if not 1900 <= int(number[6:10]) <= date.today().year:
        raise IdentityError(_("%(what)s号码中的出生年份不合理。") % {"what": what})
    if not mod_11_2.is_valid(number):
        raise IdentityError(_("%(what)s号码的校验位不正确，请核对。") % {"what": what})
    return number


def validate_resident_id(value: str) -> str:
    """A 居民身份证 number (GB 11643); returns it normalised or raises IdentityError."""
    number = normalize(value)
    what = _("居民身份证")
    _eighteen(number, what)
    if int(number[:2]) not in PROVINCES:
        if number[:2] in PERMIT_REGIONS:
            raise IdentityError(_("以 81、82、83 开头的是港澳台居民居住证号码，请选择相应的证件类型。"))
        raise IdentityError(_("居民身份证号码的前两位不是有效的省级行政区划代码。"))
    return number


def validate_residence_permit(value: str) -> str:
    """A 港澳台居民居住证 number: 810000/820000/830000 + birth date + sequence + check character."""
    number = normalize(value)
    what = _("港澳台居民居住证")
    _eighteen(number, what)
    if number[:2] not in PERMIT_REGIONS or number[2:6] != "0000":
        raise IdentityError(_("港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头。"))
    return number


def validate_foreign_permanent(value: str) -> str:
    """A 外国人永久居留身份证 number (2023 version): 18 characters beginning with 9."""
    number = normalize(value)
    what = _("外国人永久居留身份证")
    if not number.startswith("9"):
        raise IdentityError(_("外国人永久居留身份证号码应以 9 开头（18位）。"))
    return _eighteen(number, what)


def validate_passport(value: str) -> str:
    number = normalize(value)
    if not _PASSPORT.match(number):
        raise IdentityError(_("护照号码应为 5–20 位字母或数字。"))
    return number


def validate_other_document(value: str) -> str:
    number = str(value or "").strip()
    if not 2 <= len(number) <= 50:
        raise IdentityError(_("请填写身份证明的号码（2–50个字符）。"))
    return number


VALIDATORS = {
    IdType.RESIDENT_ID: validate_resident_id,
    IdType.RESIDENCE_PERMIT: validate_residence_permit,
    IdType.FOREIGN_PERMANENT: validate_foreign_permanent,
    IdType.PASSPORT: validate_passport,
    IdType.OTHER: validate_other_document,
}


def validate_id_document(id_type: str, value: str) -> str:
    """The number of a document of ``id_type``, normalised; raises IdentityError with a Chinese message."""
    try:
        validator = VALIDATORS[IdType(id_type)]
    except ValueError:
        raise IdentityError(_("请选择身份证明的类型。")) from None
    return validator(value)


def validate_credit_code(value: str) -> str:
    """A 统一社会信用代码 (GB 32100); returns it normalised or raises IdentityError."""
    code = normalize(value)
    if len(code) != 18:
        raise IdentityError(_("统一社会信用代码应为18位。"))
    try:
        return uscc.validate(code)
    except StdnumError:
        raise IdentityError(_("统一社会信用代码的校验位不正确，请核对。")) from None


_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}\d{7,8}(?:\d{1,6})?|\+?\d{6,20})$", re.ASCII)


def validate_phone(value: str) -> str:
    phone = re.sub(r"[\s\-()（）]", "", normalize(value))
    if not _PHONE.match(phone):
        raise IdentityError(_("联系电话格式不正确：请填写手机号码或带区号的固定电话。"))
    return phone


def mask(value: str, *, head: int = 3, tail: int = 4) -> str:
    """``110105********002X``: first 3 and last 4 characters kept, the rest hidden."""
    text = str(value or "")
    if len(text) <= head + tail:
        return "*" * len(text)
    return text[:head] + "*" * (len(text) - head - tail) + text[-tail:]


def mask_email(value: str) -> str:
    local, sep, domain = str(value or "").partition("@")
    if not sep:
        return mask(value)
    return (local[:1] + "***" + local[-1:] if len(local) > 2 else "***") + "@" + domain


__all__ = [
    "IdType",
    "IdentityError",
    "mask",
    "mask_email",
    "normalize",
    "validate_credit_code",
    "validate_foreign_permanent",
    "validate_id_document",
    "validate_other_document",
    "validate_passport",
    "validate_phone",
    "validate_residence_permit",
    "validate_resident_id",
]
