"""The records of the archive's debates, one module per family of models.

- :mod:`.sittings`: each kind of record of each day (:class:`Sitting`), committee members;
- :mod:`.sections`, :mod:`.speeches`: headings (:class:`Section`) and speeches (:class:`Speech`);
- :mod:`.divisions`: divisions and votes (:mod:`.positions`: what they share with speeches);
- :mod:`.glossary`, :mod:`.redirects`: glossary terms, superseded ids;
- :mod:`.counts`: each member's speeches per month, kept so pages never count;
- :mod:`.data_version`: the archive's version, raised with every change a reader could see;
- :mod:`.imports`: import jobs, their uploads and files; indexes a bulk load deferred;
- :mod:`.problem_reports`: readers' reports for the editors.

What is derived from these rows is kept up to date by :mod:`debates.derived`.
"""

from .counts import SpeakerMonth
from .data_version import DataVersion
from .divisions import Division, PartyTally, Vote, tally_by_party
from .glossary import GlossaryTerm
from .imports import DeferredIndex, ImportFile, ImportJob, ImportUpload
from .problem_reports import ProblemReport, address_digest
from .redirects import GidRedirect
from .sections import Section, SectionKind
from .sittings import (
    CommitteeMember,
    House,
    Sitting,
    outside_sitting_dates,
    sitting_dates,
    validate_sitting_date,
)
from .speeches import IN_THE_CHAIR, Speech, SpeechKind, reply_problem, speech_label

__all__ = [
    "IN_THE_CHAIR",
    "CommitteeMember",
    "DataVersion",
    "DeferredIndex",
    "Division",
    "GidRedirect",
    "GlossaryTerm",
    "House",
    "ImportFile",
    "ImportJob",
    "ImportUpload",
    "PartyTally",
    "ProblemReport",
    "Section",
    "SectionKind",
    "Sitting",
    "SpeakerMonth",
    "Speech",
    "SpeechKind",
    "Vote",
    "address_digest",
    "outside_sitting_dates",
    "reply_problem",
    "sitting_dates",
    "speech_label",
    "tally_by_party",
    "validate_sitting_date",
]
