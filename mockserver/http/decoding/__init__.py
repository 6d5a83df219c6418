"""The one bounded decoder every transport's bytes go through: JSON text, PHP-style form
variables (query strings, form bodies, multipart field names) and whole bodies read
within a size. Each refuses what lies past its limits while it reads, in time linear in
its input, with a typed `InputRefused` that each contract words as its own error."""

from .bounded_body import read_body_within
from .json_text import DEFAULT_JSON_LIMITS, JsonLimits, decode_json, most_json_values
from .off_loop import OFF_LOOP_BYTES, decoded, decoded_async
from .php_variables import PhpLimits, php_query_variables, php_variables
from .refusals import (
    BodyTooLarge,
    InputRefused,
    MalformedForm,
    MalformedJson,
    NestedTooDeeply,
    NotText,
    TooManyValues,
)

__all__ = [
    "BodyTooLarge",
    "DEFAULT_JSON_LIMITS",
    "InputRefused",
    "JsonLimits",
    "MalformedForm",
    "MalformedJson",
    "NestedTooDeeply",
    "NotText",
    "OFF_LOOP_BYTES",
    "PhpLimits",
    "TooManyValues",
    "decode_json",
    "decoded",
    "decoded_async",
    "most_json_values",
    "php_query_variables",
    "php_variables",
    "read_body_within",
]
