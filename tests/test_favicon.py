"""Browsers ask for /favicon.ico on pages that name no icon (the admin's): it is served."""


def test_favicon_ico_is_served_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
