"""``secrets``: tokens stand for values, reveal puts them back, scrub replaces whole words only."""

from __future__ import annotations

import pytest

from diffsync_automation.network.secrets import UnknownSecret, credentials, mask, reveal, scrub


def test_tokens_reveal_and_whole_word_scrubbing() -> None:
    short, long = mask("7"), mask("Long-Secret.7")
    assert short != long and mask(short) == short and mask("7") == short
    assert reveal(f"snmp-server community {short} RO") == "snmp-server community 7 RO"
    reply = "refused 'snmp-server community 7 RO': % 10.7.7.7 rejected Long-Secret.7"
    assert scrub(reply, ["rejected"]) == f"refused 'snmp-server community {short} RO': % 10.7.7.7 *** {long}"
    with pytest.raises(UnknownSecret):
        reveal("snmp-server community <secret:000000000000> RO")


def test_credentials_are_collected_once_longest_first_from_every_front_ends_keys() -> None:
    netmiko = {"device_type": "cisco_ios", "username": "admin", "password": "pw", "secret": "enable-pw"}
    ansible = {"password": "pw", "enable_secret": "en", "host": "10.0.0.1"}
    assert credentials(netmiko, ansible, None, {"passphrase": "", "secret": None}) == ["enable-pw", "en", "pw"]
    assert scrub("login pw, enable enable-pw", credentials(netmiko)) == "login ***, enable ***"
