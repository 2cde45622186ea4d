"""Audit event codes of the proactive-disclosure app."""

from django.utils.translation import gettext_lazy as _

from gongkai.audit.registry import register

CATALOGUE_COLUMN_SAVED = register("catalogue_column.saved", _("保存公开目录栏目"))
CATALOGUE_DEFAULTS_CREATED = register("catalogue.defaults_created", _("创建默认公开目录"))
DOCUMENT_CREATED = register("document.created", _("起草公开信息"))
DOCUMENT_EDITED = register("document.edited", _("修改公开信息草稿"))
DOCUMENT_SUBMITTED = register("document.submitted", _("提交保密审查"))
DOCUMENT_REVIEWED = register("document.reviewed", _("登记保密审查结论"))
DOCUMENT_PUBLISHED = register("document.published", _("发布公开信息"))
DOCUMENT_WITHDRAWN = register("document.withdrawn", _("撤回公开信息"))
DOCUMENT_CORRECTED = register("document.corrected", _("更正已发布的公开信息"))
ATTACHMENT_ADDED = register("attachment.added", _("上传附件"))
NORMATIVE_REGISTERED = register("normative_document.registered", _("登记规章或规范文件"))
NORMATIVE_AMENDED = register("normative_document.amended", _("登记规章或规范文件的修改"))
NORMATIVE_REPEALED = register("normative_document.repealed", _("登记规章或规范文件的废止"))
DECISION_REGISTERED = register("administrative_decision.registered", _("登记行政决定"))
DECISIONS_IMPORTED = register("administrative_decision.imported", _("批量导入行政决定"))
FEE_INCOME_RECORDED = register("fee_income.recorded", _("登记收费收入"))
ACCOUNT_SAVED = register("new_media_account.saved", _("保存新媒体账号"))
CHANNEL_YEAR_RECORDED = register("channel_year.recorded", _("登记新媒体年度数据"))
WEBSITE_OPENING_RECORDED = register("website_opening.recorded", _("登记网站访问期初数"))
DEMO_RECORDS_LOADED = register("disclosure.demo_loaded", _("载入主动公开演示数据"))
