"""Bitrix24 reads request validation's refusals by what failed, not by their words."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft4Validator, ValidationError

from mockserver.adapters.bitrix24.errors import (
    INVALID_CREDENTIALS,
    MISSING_PARAMETER,
    NO_AUTH_FOUND,
    OTHER_ERROR,
    CalledMethod,
    error_for,
)
from mockserver.http.validation_problems import BodyMissing, BodyProblem, ParameterProblem

WEBHOOK_CALL = CalledMethod(application_style=False)
APPLICATION_CALL = CalledMethod(application_style=True)
GET_FIELDS = CalledMethod(takes_parameters=False)


def first_error(schema: dict[str, Any], instance: Any) -> ValidationError:
    failure: ValidationError = next(iter(Draft4Validator(schema).iter_errors(instance)))
    return failure


def body_problem(schema: dict[str, Any], instance: Any) -> BodyProblem:
    failure = first_error(schema, instance)
    return BodyProblem(failure.message, failure)


def test_a_body_without_auth_is_no_auth_found() -> None:
    problem = body_problem({"required": ["auth", "id"]}, {"id": 1})
    assert problem.missing_properties == ("auth",)
    assert error_for(problem, APPLICATION_CALL) == NO_AUTH_FOUND


def test_a_required_member_missing_is_a_missing_parameter() -> None:
    error = error_for(body_problem({"required": ["fields"]}, {}), WEBHOOK_CALL)
    assert (error.status, error.code) == (400, MISSING_PARAMETER)


def test_an_empty_list_is_a_missing_parameter() -> None:
    problem = body_problem({"properties": {"fileContent": {"minItems": 2}}}, {"fileContent": []})
    assert error_for(problem, WEBHOOK_CALL).code == MISSING_PARAMETER


def test_a_value_of_the_wrong_type_is_error_0_even_when_its_words_say_required() -> None:
    problem = body_problem({"properties": {"id": {"type": "integer"}}}, {"id": "required"})
    assert "required" in str(problem.detail)
    assert error_for(problem, WEBHOOK_CALL).code == OTHER_ERROR


def test_no_body_is_no_auth_for_an_application_and_a_missing_parameter_for_a_webhook() -> None:
    assert error_for(BodyMissing(null=False), APPLICATION_CALL) == NO_AUTH_FOUND
    assert error_for(BodyMissing(null=False), WEBHOOK_CALL).code == MISSING_PARAMETER
    assert error_for(BodyMissing(null=True), WEBHOOK_CALL).code == OTHER_ERROR


def test_get_fields_without_a_body_asks_for_the_empty_object() -> None:
    error = error_for(BodyMissing(null=False), GET_FIELDS)
    assert (error.code, error.description) == (OTHER_ERROR, "The body is not the JSON object {}")


def test_a_webhook_code_of_the_wrong_form_is_invalid_credentials() -> None:
    failure = first_error({"pattern": "^[0-9a-z]+$"}, "not/a/code")
    assert error_for(ParameterProblem("path", "webhook", failure), WEBHOOK_CALL) == (
        INVALID_CREDENTIALS
    )
