import pytest

from accounts.phone import normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits from a Chinese IME
        ("021-63211234", "021-63211234"),
        ("(021) 6321 1234", "021-63211234"),
        ("0755-8888888", "0755-8888888"),
        ("+86 21 6321 1234", "021-63211234"),
        ("021-63211234转8001", "021-63211234 ext 8001"),
        ("021-63211234 ext 12", "021-63211234 ext 12"),
        ("4008123123", "4008123123"),
        ("12812345678", None),  # no mobile prefix 12
        ("1381234567", None),  # 10 digits
        ("138123456789", None),
        ("12345", None),
        ("021-1234567", None),  # local numbers do not start with 1
        ("abc", None),
        ("", None),
        ("1" * 200, None),
    ],
)
def test_phone_rule(raw, expected):
    assert normalize_phone(raw) == expected
