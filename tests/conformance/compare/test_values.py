"""Server-chosen values are mapped between the two sides, not masked."""

from __future__ import annotations

from conformance.compare.values import ValueMap, id_namespace

REFERENCE_ID = "SBhEgEfNeicFAA9xMYKkQj"
CANDIDATE_ID = "34gQ4CmND9fLdEjK5CsB2D"
OTHER_CANDIDATE_ID = "7WJ2z3cKzcZgXtEoBhJ8qA"


def test_a_first_pair_of_ids_is_learned_and_then_required() -> None:
    values = ValueMap()

    assert values.texts_agree(REFERENCE_ID, CANDIDATE_ID, "id")
    assert values.texts_agree(REFERENCE_ID, CANDIDATE_ID, "id")
    assert not values.texts_agree(REFERENCE_ID, OTHER_CANDIDATE_ID, "id")


def test_two_reference_ids_cannot_map_to_one_candidate_id() -> None:
    values = ValueMap()
    values.texts_agree(REFERENCE_ID, CANDIDATE_ID, "id")

    assert not values.texts_agree(OTHER_CANDIDATE_ID, CANDIDATE_ID, "id")


def test_plain_words_that_differ_are_not_mapped() -> None:
    assert not ValueMap().texts_agree("Front", "Back")


def test_links_agree_through_their_origins_and_mapped_ids() -> None:
    values = ValueMap("http://127.0.0.1:8001", "http://127.0.0.1:8002")
    values.texts_agree(REFERENCE_ID, CANDIDATE_ID, "id")

    ours = f"http://127.0.0.1:8001/media/org/00012345678905/{REFERENCE_ID}.png"
    theirs = f"http://127.0.0.1:8002/media/org/00012345678905/{CANDIDATE_ID}.png"
    assert values.texts_agree(ours, theirs)
    assert values.translated_text(ours) == theirs
    assert not values.texts_agree(ours, theirs.replace(".png", ".jpg"))


def test_a_link_naming_an_unpaired_id_differs_once_the_id_is_paired_otherwise() -> None:
    values = ValueMap()
    values.texts_agree(REFERENCE_ID, CANDIDATE_ID, "id")

    assert not values.texts_agree(f"/media/{REFERENCE_ID}.png", f"/media/{OTHER_CANDIDATE_ID}.png")


def test_times_agree_by_their_format_only() -> None:
    values = ValueMap()

    assert values.texts_agree("2026-12-07T00:10:02Z", "2026-12-07T00:11:59Z")
    assert not values.texts_agree("2026-12-07T00:10:02Z", "2026-12-07T00:10:02+00:00")


def test_numeric_ids_are_paired_per_kind() -> None:
    values = ValueMap()
    assert values.numbers_agree(1, 3, "id")

    assert values.numbers_agree(1, 1, "product")
    assert not values.numbers_agree(1, 4, "id")


def test_clock_readings_and_durations_agree_but_counts_must_be_equal() -> None:
    values = ValueMap()

    assert values.numbers_agree(1796602591.8078434, 1796602592.1, None)
    assert values.numbers_agree(0.00009, 0.0012, None)
    assert not values.numbers_agree(3, 4, None)


def test_requests_are_translated_with_the_values_each_side_was_given() -> None:
    values = ValueMap()
    values.pair_given("1/k3q9x2v7m1p8z4r6", "7/v7ew3r5t0k9x2m4q")

    assert values.translated_text("/rest/1/k3q9x2v7m1p8z4r6/x.json") == (
        "/rest/7/v7ew3r5t0k9x2m4q/x.json"
    )


def test_small_numbers_inside_text_are_not_translated_unless_given() -> None:
    values = ValueMap()
    values.numbers_agree(5, 7, "id")

    assert values.translated_text("page 5 of 9") == "page 5 of 9"
    assert values.translated_number(5, "id") == 7
    assert values.translated_text("5", "id") == "7"


def test_other_spellings_of_a_paired_id_are_translated() -> None:
    values = ValueMap(spellings=(str.lower,))
    values.texts_agree(REFERENCE_ID, CANDIDATE_ID, "id")

    assert values.translated_text(f"/images/{REFERENCE_ID.lower()}") == (
        f"/images/{CANDIDATE_ID.lower()}"
    )


def test_id_members_name_the_kind_of_thing_they_name() -> None:
    assert id_namespace("id") == "id"
    assert id_namespace("productId") == "product"
    assert id_namespace("fields[productId]") == "product"
    assert id_namespace("image_id") == "image"
    assert id_namespace("title") is None


def test_numeric_ids_in_a_query_string_are_translated_by_their_parameters_kind() -> None:
    values = ValueMap()
    values.numbers_agree(5, 7, "id")
    values.numbers_agree(1, 2, "product")

    assert values.translated_text("/rest/x.json?id=5&page=5&fields%5BproductId%5D=1") == (
        "/rest/x.json?id=7&page=5&fields%5BproductId%5D=2"
    )
