"""Party names and speakers' labels in the reader's language (:mod:`members.party_names`)."""

from django import template

from members.party_names import party_name, translated_label

register = template.Library()

register.filter("party_name", party_name)
register.filter("speaker_label", translated_label)
