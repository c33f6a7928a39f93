"""Event ontologies of newsevents: PLOVER types and modes, the ACLED taxonomy, the
PLOVER->ACLED/CAMEO crosswalk, and the schemas of the actor and agent data files.

Each ontology is a validated YAML file under ``newsevents/data`` loaded once; a bad file
raises :class:`newsevents.errors.DataFileError` naming the file and the problem.
"""

from newsevents.ontology.acled import AcledTaxonomy, acled, load_acled
from newsevents.ontology.crosswalk import (
    Crosswalk,
    CrosswalkResult,
    cameo_to_plover,
    crosswalk,
    default_crosswalk,
    load_crosswalk,
)
from newsevents.ontology.plover import (
    PLOVER_TYPES,
    PloverOntology,
    PloverType,
    UnknownTypeError,
    is_valid_type,
    load_plover,
    plover,
    validate_type,
)

__all__ = [
    "PLOVER_TYPES",
    "AcledTaxonomy",
    "Crosswalk",
    "CrosswalkResult",
    "PloverOntology",
    "PloverType",
    "UnknownTypeError",
    "acled",
    "cameo_to_plover",
    "crosswalk",
    "default_crosswalk",
    "is_valid_type",
    "load_acled",
    "load_crosswalk",
    "load_plover",
    "plover",
    "validate_type",
]
