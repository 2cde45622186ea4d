from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = _("机关与工作人员")
