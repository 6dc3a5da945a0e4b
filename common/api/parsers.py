"""The API's JSON parser: DRF's, with a bound on nesting.

JSON nested a few thousand levels deep made Python's decoder raise RecursionError (a 500 on
every JSON endpoint, the anonymous ones included); nesting just under the limit would fail
later, in whatever walks the value. `common.inputs.load_json` refuses both with one message.
"""

import codecs

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json as drf_json

from common.inputs import InvalidJSON, load_json


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
            parse_constant = drf_json.strict_constant if self.strict else None
            return load_json(text, parse_constant=parse_constant)
        except InvalidJSON as exc:
            raise ParseError(str(exc)) from None
        except ValueError as exc:  # undecodable bytes, NaN and friends
            raise ParseError(f"JSON parse error - {exc}") from None
