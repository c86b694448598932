"""RedisStore failures against dedicated real servers: unreachable, AUTH/ACL, db index, unix socket, TLS, restarts.

Every error must name the server URL with the password masked, never the password itself.
"""

from __future__ import annotations

import datetime
import traceback
import uuid
from pathlib import Path
from typing import Any

import pytest
import redis
from redis_server import TlsFiles

from diffsync_automation.exceptions import ObjectStoreException
from diffsync_automation.store._redis_errors import mask_url
from diffsync_automation.store.redis import (
    RedisStore,
    RedisStoreAuthError,
    RedisStoreError,
    RedisStoreUnavailable,
)

from .conftest import TEST_PREFIX, ServerFactory
from .models import INTENDED, LIVE, Network, fill

pytestmark = pytest.mark.redis

SECRET = "s3cret-Pa55"
WRONG = "wr0ng-Pa55"


def assert_no_secret(error: BaseException, *secrets: str) -> None:
    """Neither the message, the args, nor the formatted traceback (with its chained causes) shows a secret."""
    text = "".join(traceback.format_exception(error)) + repr(error.args)
    for secret in secrets or (SECRET, WRONG):
        assert secret not in text


def round_trip(url: str, **options: Any) -> Network:
    """Load LIVE through one store instance, then read it back through another: the connection really works."""
    store_id = f"test-{uuid.uuid4()}"
    with RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX, **options) as store:
        fill(Network(internal_storage_engine=store), LIVE)
    reader = Network(internal_storage_engine=RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX, **options))
    assert reader.dict() == fill(Network(), LIVE).dict()
    return reader


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("redis://:pw@host:6379/0", "redis://:***@host:6379/0"),
        ("redis://alice:p%40ss@host/2", "redis://alice:***@host/2"),
        ("rediss://alice@[::1]:6380/0", "rediss://alice@[::1]:6380/0"),
        ("unix://:pw@/run/redis.sock?db=3", "unix://:***@/run/redis.sock?db=3"),
        ("unix:///run/redis.sock?db=1&password=pw", "unix:///run/redis.sock?db=1&password=***"),
        ("redis://host:6379/0?ssl_ca_certs=/etc/ca.pem", "redis://host:6379/0?ssl_ca_certs=/etc/ca.pem"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_invalid_url_scheme_is_a_value_error_without_the_password() -> None:
    with pytest.raises(ValueError, match=r"invalid Redis URL http://:\*\*\*@127\.0\.0\.1:1/0") as error:
        RedisStore(url=f"http://:{SECRET}@127.0.0.1:1/0")
    assert_no_secret(error.value)


def test_unreachable_server(redis_servers: ServerFactory) -> None:
    server = redis_servers(password=SECRET)
    url, port = server.url(), server.port
    server.stop()
    with pytest.raises(RedisStoreUnavailable, match="Redis store is unavailable") as error:
        RedisStore(url=url)
    assert isinstance(error.value, ObjectStoreException)
    assert f"redis://:***@127.0.0.1:{port}/0" in str(error.value)
    assert_no_secret(error.value)
    with pytest.raises(RedisStoreUnavailable, match=rf"redis://127\.0\.0\.1:{port}/4"):
        RedisStore(host="127.0.0.1", port=port, db=4)


def test_wrong_or_missing_password(redis_servers: ServerFactory) -> None:
    server = redis_servers(password=SECRET)
    with pytest.raises(RedisStoreAuthError) as error:
        RedisStore(url=server.url(password=WRONG))
    assert f"redis://:***@127.0.0.1:{server.port}/0" in str(error.value)
    assert_no_secret(error.value)
    with pytest.raises(RedisStoreAuthError, match=rf"redis://127\.0\.0\.1:{server.port}/0"):
        RedisStore(host="127.0.0.1", port=server.port)
    round_trip(server.url())


def test_acl_users_and_permissions(redis_servers: ServerFactory) -> None:
    server = redis_servers(
        password=SECRET,
        acl_users=(
            f"alice on >{SECRET} ~* &* +@all",
            f"reader on >{SECRET} ~* &* -@all +@read +@connection +@transaction",
        ),
    )
    writer = round_trip(server.url(username="alice"))
    reader_url = server.url(username="reader")
    reader = Network(
        internal_storage_engine=RedisStore(
            url=reader_url,
            store_id=writer.store.store_id,
            key_prefix=TEST_PREFIX,
        )
    )
    assert reader.dict() == writer.dict()
    reader.get("device", "leaf1").role = "spine"
    reader.update(reader.get("device", "leaf1"))
    with pytest.raises(RedisStoreAuthError, match="no permissions") as error:
        reader.store.flush()
    assert "redis://reader:***@127.0.0.1" in str(error.value)
    assert_no_secret(error.value)
    with pytest.raises(RedisStoreAuthError):
        RedisStore(url=server.url(username="alice", password=WRONG))


def test_database_index_out_of_range(redis_servers: ServerFactory) -> None:
    server = redis_servers(databases=2)
    with pytest.raises(RedisStoreError, match="database index") as error:
        RedisStore(url=server.url(db=5))
    assert f"redis://127.0.0.1:{server.port}/5" in str(error.value)
    with pytest.raises(RedisStoreError, match="database index"):
        RedisStore(host="127.0.0.1", port=server.port, db=7)
    round_trip(server.url(db=1))


def test_unix_socket_with_password_and_db(redis_servers: ServerFactory) -> None:
    server = redis_servers(password=SECRET, unixsocket=True)
    reader = round_trip(server.unix_url(db=3))
    direct = redis.Redis(unix_socket_path=str(server.socket_path), password=SECRET, db=3)
    prefix = f"{TEST_PREFIX}:{reader.store.store_id}:"
    assert direct.exists(f"{prefix}meta")
    assert not redis.Redis(unix_socket_path=str(server.socket_path), password=SECRET, db=0).dbsize()
    with pytest.raises(RedisStoreAuthError) as error:
        RedisStore(url=server.unix_url(db=3, password=WRONG))
    assert f"unix://:***@{server.socket_path}?db=3" in str(error.value)
    assert_no_secret(error.value)


def make_tls_files(directory: Path) -> TlsFiles:
    """A throw-away CA and a server certificate for 127.0.0.1, signed by it."""
    x509 = pytest.importorskip("cryptography.x509", reason="cryptography is needed to make test certificates")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def certificate(subject: str, key: Any, issuer: str, issuer_key: Any, ca: bool) -> Any:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            import ipaddress

            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
            )
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_cert = certificate("test CA", ca_key, "test CA", ca_key, ca=True)
    server_cert = certificate("127.0.0.1", server_key, "test CA", ca_key, ca=False)
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(cert=directory / "server.crt", key=directory / "server.key", ca=directory / "ca.crt")
    files.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


def test_tls_with_a_self_signed_ca(redis_servers: ServerFactory, tmp_path: Path) -> None:
    files = make_tls_files(tmp_path / "tls")
    server = redis_servers(password=SECRET, tls=files)
    round_trip(f"{server.url()}?ssl_ca_certs={files.ca}")
    round_trip(server.url(), redis_options={"ssl_ca_certs": str(files.ca)})
    with pytest.raises(RedisStoreUnavailable, match=r"(?i)certificate") as error:
        RedisStore(url=server.url())  # the client does not trust the test CA
    assert f"rediss://:***@127.0.0.1:{server.port}/0" in str(error.value)
    assert_no_secret(error.value)


@pytest.mark.parametrize("persistent", [True, False], ids=["append-only-file", "no-persistence"])
def test_server_restarted_mid_sync_then_retry_repairs(redis_servers: ServerFactory, persistent: bool) -> None:
    server = redis_servers(password=SECRET, persistent=persistent)
    url, store_id = server.url(), f"test-{uuid.uuid4()}"
    source = fill(Network(), INTENDED)
    store = RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX, batch_size=2)
    target = fill(Network(internal_storage_engine=store), LIVE)
    store.flush()

    def stop_server_early(stage: str, current: int, _total: int) -> None:
        if stage == "sync" and current == 6 and server.process is not None:
            server.stop()

    with pytest.raises(RedisStoreUnavailable) as error:
        target.sync_from(source, callback=stop_server_early)
    assert f"redis://:***@127.0.0.1:{server.port}/0" in str(error.value)
    assert_no_secret(error.value)

    server.start()  # same port; the data is back only with the append-only file
    target.sync_from(source)
    reader = Network(internal_storage_engine=RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX))
    assert not reader.diff_from(source).has_diffs()
    assert reader.dict() == source.dict()
    store.close()
