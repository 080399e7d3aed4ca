"""The ``date`` filter every template uses (a builtin, see ``TEMPLATES`` in the settings):
Django's, with the French rules of ``core.dates``."""

from django import template

from core.dates import date_filter

register = template.Library()
register.filter("date", date_filter, expects_localtime=True, is_safe=False)
