import pytest


@pytest.mark.parametrize(
    "url", ["/", "/schools/", "/partnerships/", "/healthz", "/accounts/login/"]
)
def test_public_pages_open_without_an_account(visitor, db, url):
    assert visitor.get(url).status_code == 200
