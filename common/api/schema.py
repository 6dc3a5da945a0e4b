"""OpenAPI: describe the error responses every endpoint may give (docs/api.md "Errors").

drf-spectacular documents the success of each operation only; clients (and the fuzzing in
CI, which fails on an undocumented status) need the errors too: 400 validation, 401/403
auth, 404, 409 conflicts of actions and versioned edits, 413 oversized uploads and bodies,
422 an Idempotency-Key reused with another body, 429 throttled logins, 503 while the
database is unavailable.
"""

from drf_spectacular.types import OpenApiTypes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# `?as=csv|xlsx` exports answer in either type.
EXPORT_RESPONSES = {(200, "text/csv"): OpenApiTypes.BINARY, (200, XLSX): OpenApiTypes.BINARY}

ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION = {"$ref": "#/components/schemas/ValidationError"}

COMPONENTS = {
    "Error": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "additionalProperties": True,
    },
    "ValidationError": {
        "type": "object",
        "description": '`{"field": ["message", ...]}`; nested for `form_data` fields.',
        "additionalProperties": True,
    },
}


def _response(description: str, schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}, "description": description}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            # No `security` (or an empty one) means the operation is open to anonymous users.
            security = operation.get("security") or []
            anonymous = not security or {} in security
            extra = {
                "400": _response("Invalid input", VALIDATION),
                "404": _response("Not found, or not visible to you", ERROR),
                "503": _response("The database is briefly unavailable", ERROR),
            }
            if not anonymous:
                extra["401"] = _response("No or bad credentials", ERROR)
                extra["403"] = _response("Your role does not allow it", ERROR)
            if method in {"post", "put", "patch", "delete"}:
                extra["409"] = _response("The current state does not allow it", ERROR)
            request_body = operation.get("requestBody", {}).get("content", {})
            if method in {"post", "put", "patch"} and request_body:
                extra["413"] = _response("The request body is too large", ERROR)
            if "multipart/form-data" in request_body:
                extra["413"] = _response("The upload is too large", ERROR)
            if any(p.get("name") == "Idempotency-Key" for p in operation.get("parameters", [])):
                extra["422"] = _response(
                    "The Idempotency-Key was used before with a different body", ERROR
                )
            if path.endswith("/auth/token/"):
                extra["429"] = _response("Too many failed attempts", ERROR)
            for code, response in extra.items():
                responses.setdefault(code, response)
    return result
