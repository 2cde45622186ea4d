"""Audit event codes of the letters app."""

from django.utils.translation import gettext_lazy as _

from gongkai.audit.registry import register

TEMPLATE_UPLOADED = register("letter_template.uploaded", _("上传告知书模板"))
TEMPLATE_DEACTIVATED = register("letter_template.deactivated", _("停用告知书模板"))
SETTINGS_UPDATED = register("letter_settings.updated", _("修改告知书文号前缀"))
LETTER_ISSUED = register("letter.issued", _("出具告知书"))
