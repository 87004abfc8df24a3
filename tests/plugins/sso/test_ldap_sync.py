"""``clapboard sync-ldap`` against a real slapd: accounts created, updated, deactivated and reactivated."""

from __future__ import annotations

import uuid

import peewee
import pytest
from click.testing import CliRunner

from clapboard.cli import make_cli
from clapboard.config import ConfigError
from clapboard.plugins.auth.models import SessionFloor
from clapboard.plugins.data.models import ApiEvent, Department, DepartmentLink, Person
from clapboard.plugins.sso.ldap import settings as ldap_settings
from clapboard.plugins.sso.ldap.directory import DirectoryError
from clapboard.plugins.sso.ldap.sync import SyncError, run
from clapboard.plugins.sso.models import Identity

from .providers.slapd import (
    GROUPS,
    directory_fixture,  # noqa: F401 - the fixture `directory`
    free_port,
    slapd_fixture,  # noqa: F401 - the fixture `slapd`
)

FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
MAPPED = {"roles": {"admins": "admin", "cn=supervisors,ou=groups,dc=studio,dc=test": "supervisor",
                    "animators": "user"},
          # Animation is a default department; Sculpting is created by the first sync
          "departments": {"animators": "Animation", "Modelers": "Sculpting"},
          "required_group": "staff"}


def ldap_app(make_app, directory, **overrides):
    return make_app(config={"plugins": {"auth": dict(FAST), "sso": {"ldap": directory.settings(**overrides)}}},
                    actors=False)


@pytest.fixture
def app(make_app, directory):
    return ldap_app(make_app, directory, **MAPPED)


def sync(app, **kwargs):
    with app.db.connection_context():
        return run(app, **kwargs)


def events(app) -> dict[str, int]:
    with app.db.connection_context():
        rows = ApiEvent.select(ApiEvent.name, peewee.fn.COUNT(ApiEvent.id)).where(
            ApiEvent.name.in_(["person:new", "person:update", "department:new"])).group_by(ApiEvent.name).tuples()
        return dict(rows)


def person(app, uid=None, email=None) -> Person | None:
    with app.db.connection_context():
        if uid:
            return Person.get_or_none(Person.ldap_uid == uid)
        return Person.get_or_none(Person.email == email)


def departments(app, person_id) -> set[str]:
    with app.db.connection_context():
        return {d.name for d in Department.select().join(DepartmentLink).where(DepartmentLink.person == person_id)}


def local(app, email, **fields) -> Person:
    with app.db.connection_context():
        return Person.create(id=uuid.uuid4(), first_name="Local", last_name="Person", email=email, role="user",
                             **fields)


@pytest.mark.parametrize("groups", [{}, {"member_of": "memberOf"}], ids=["group search", "memberOf"])
def test_first_sync_creates_accounts_with_roles_departments_and_identities(make_app, directory, groups):
    app = ldap_app(make_app, directory, **MAPPED, groups={"base_dn": GROUPS, **groups})
    report = sync(app)
    assert len(report.created) == 3 and not (report.updated or report.deactivated or report.conflicts)
    alice, bob, carol = (person(app, uid) for uid in ("alice", "bob", "carol"))
    assert alice.email == "alice@studio.test" and (alice.first_name, alice.last_name) == ("Alice", "Anders")
    assert alice.is_generated_from_ldap and alice.active and alice.password is None
    assert alice.role == "admin"  # admins and animators: the higher role wins
    assert bob.role == "user" and carol.role == "supervisor"  # carol's group named by DN
    assert departments(app, alice.id) == {"Animation"} and departments(app, carol.id) == {"Sculpting"}
    with app.db.connection_context():
        assert Department.select().where(Department.name == "Sculpting").count() == 1  # created once
        bound = Identity.get(Identity.person_id == bob.id)
    assert (bound.method, bound.issuer, bound.subject) == ("ldap", directory.url, "bob")

    assert events(app) == {"person:new": 3, "department:new": 1}

    again = sync(app)  # nothing changed in the directory: nothing to do
    assert not (again.created or again.updated or again.deactivated or again.reactivated or again.conflicts)
    assert events(app) == {"person:new": 3, "department:new": 1}


def test_posix_groups_listing_uids(make_app, directory):
    with directory.admin() as conn:
        conn.add(f"cn=riggers,{GROUPS}", ["posixGroup"], {"cn": "riggers", "gidNumber": 5000, "memberUid": ["bob"]})
    groups = {"base_dn": GROUPS, "filter": "(objectClass=posixGroup)", "member_attribute": "memberUid",
              "member_value": "uid"}
    app = ldap_app(make_app, directory, groups=groups, roles={"riggers": "manager"},
                   departments={"riggers": "Rigging"})
    sync(app)
    bob, alice = person(app, "bob"), person(app, "alice")
    assert (bob.role, departments(app, bob.id)) == ("manager", {"Rigging"})
    assert (alice.role, departments(app, alice.id)) == ("user", set())


def test_directory_changes_update_names_email_role_and_departments(app, directory):
    sync(app)
    directory.modify_user("bob", givenName="Robert", mail="robert@studio.test")
    directory.join("supervisors", "bob")
    directory.leave("animators", "bob")
    directory.join("modelers", "bob")
    report = sync(app)
    assert len(report.updated) == 1 and "bob" in report.updated[0]
    bob = person(app, "bob")
    assert (bob.first_name, bob.email, bob.role) == ("Robert", "robert@studio.test", "supervisor")
    assert departments(app, bob.id) == {"Sculpting"}
    assert events(app)["person:update"] == 1


def test_departments_set_by_hand_and_roles_without_mapping_are_left_alone(make_app, directory):
    app = ldap_app(make_app, directory, departments={"animators": "Animation"})  # no role mapping
    sync(app)
    bob = person(app, "bob")
    assert bob.role == "user"
    with app.db.connection_context():
        lighting = Department.get(Department.name == "Lighting")
        DepartmentLink.insert(person=bob.id, department=lighting.id).execute()
        Person.update(role="manager").where(Person.id == bob.id).execute()
    directory.leave("animators", "bob")
    sync(app)
    assert departments(app, bob.id) == {"Lighting"} and person(app, "bob").role == "manager"


def test_removed_user_is_deactivated_with_sessions_ended_then_reactivated(app, directory):
    sync(app)
    carol = person(app, "carol")
    directory.delete_user("carol")
    report = sync(app)
    assert report.deactivated == ["carol <carol@studio.test>"] and not report.created
    assert person(app, "carol").active is False
    with app.db.connection_context():
        assert SessionFloor.get(SessionFloor.person_id == carol.id).not_before > 0

    directory.add_user("carol", "Carol", "Chen", "carol-pass")
    directory.join("staff", "carol")
    report = sync(app)
    assert report.reactivated == ["carol <carol@studio.test>"] and not report.created
    assert person(app, "carol").active is True and person(app, "carol").id == carol.id


def test_leaving_the_required_group_deactivates(app, directory):
    sync(app)
    directory.leave("staff", "bob")
    assert sync(app).deactivated == ["bob <bob@studio.test>"]
    assert person(app, "bob").active is False and person(app, "alice").active is True


def test_bots_guests_and_local_accounts_are_never_touched(app, directory):
    mine = local(app, "local@studio.test", ldap_uid="local")  # a local account with a uid the directory lacks
    bot = local(app, "bot@studio.test", is_bot=True, is_generated_from_ldap=True, ldap_uid="botty")
    guest = local(app, "guest@studio.test", is_guest=True, is_generated_from_ldap=True, ldap_uid="guesty")
    sync(app)
    for kept in (mine, bot, guest):
        now = person(app, email=kept.email)
        assert now.active and (now.first_name, now.role) == ("Local", "user")


def test_an_email_of_a_local_account_is_a_conflict_not_a_takeover(app, directory):
    owner = local(app, "Bob@Studio.test")
    report = sync(app)
    assert len(report.conflicts) == 1 and "bob" in report.conflicts[0] and "local account" in report.conflicts[0]
    assert len(report.created) == 2 and person(app, "bob") is None
    still = person(app, email="Bob@Studio.test")
    assert still.id == owner.id and not still.is_generated_from_ldap and still.ldap_uid is None


def test_dry_run_changes_nothing(app, directory):
    report = sync(app, dry_run=True)
    assert report.dry_run and len(report.created) == 3
    with app.db.connection_context():
        assert Person.select().where(Person.is_generated_from_ldap == True).count() == 0  # noqa: E712
        assert Department.select().where(Department.name == "Sculpting").count() == 0
    assert events(app) == {}
    sync(app)
    directory.delete_user("alice")
    assert sync(app, dry_run=True).deactivated == ["alice <alice@studio.test>"]
    assert person(app, "alice").active is True


def test_unreachable_directory_is_a_clear_error_and_deactivates_no_one(make_app, directory):
    app = ldap_app(make_app, directory, **MAPPED)
    sync(app)
    down = ldap_app(make_app, directory, **{**MAPPED, "port": free_port(), "connect_timeout": 1})
    with pytest.raises(DirectoryError, match="cannot reach the directory at ldap://127.0.0.1"):
        sync(down)
    wrong = ldap_app(make_app, directory, **{**MAPPED, "bind_password": "not-it"})
    with pytest.raises(DirectoryError, match="refused the service account"):
        sync(wrong)
    for wrong_search, message in (({"base_dn": "ou=nobody,dc=studio,dc=test"}, "failed: noSuchObject"),
                                  ({"user_filter": "(uid=*"}, "failed: invalid filter")):
        with pytest.raises(DirectoryError, match=message):
            sync(ldap_app(make_app, directory, **{**MAPPED, **wrong_search}))
    with app.db.connection_context():
        assert Person.select().where(Person.active == False).count() == 0  # noqa: E712


def test_a_search_finding_no_one_is_refused_unless_allowed(make_app, directory):
    sync(ldap_app(make_app, directory, **MAPPED))
    typo = ldap_app(make_app, directory, **{**MAPPED, "required_group": "stafff"})
    with pytest.raises(SyncError, match="found no one.*refusing to deactivate 3 accounts"):
        sync(typo)
    assert person(typo, "alice").active is True
    assert len(sync(typo, allow_empty=True).deactivated) == 3
    assert person(typo, "alice").active is False


def test_an_enabled_block_without_host_stops_the_start(make_app):
    with pytest.raises(ConfigError, match=r"\[plugins.sso.ldap\] host is required"):
        make_app(config={"plugins": {"sso": {"ldap": {"enabled": True, "base_dn": "dc=x"}}}}, actors=False)


def test_settings_check_names_the_missing_key():
    from clapboard.config import fill_defaults

    def conf(**values):
        return fill_defaults(ldap_settings.SCHEMA, {"enabled": True, **values})

    ldap_settings.check(fill_defaults(ldap_settings.SCHEMA, {}))  # disabled: nothing needed
    with pytest.raises(ConfigError, match="host"):
        ldap_settings.check(conf(base_dn="dc=x"))
    with pytest.raises(ConfigError, match="base_dn"):
        ldap_settings.check(conf(host="ldap.example"))
    with pytest.raises(ConfigError, match="use_ssl and start_tls"):
        ldap_settings.check(conf(host="h", base_dn="dc=x", use_ssl=True, start_tls=True))
    ldap_settings.check(conf(host="h", base_dn="dc=x"))


def test_command_prints_a_summary_and_fails_cleanly(app, directory, tmp_path, monkeypatch):
    def config(**overrides) -> str:
        block = {**directory.settings(**MAPPED), **overrides}
        lines = ["[plugins.sso.ldap]"] + [f"{k} = {toml(v)}" for k, v in block.items() if not isinstance(v, dict)]
        for key, table in block.items():
            if isinstance(table, dict):
                lines += [f"[plugins.sso.ldap.{key}]"] + [f"{toml(k)} = {toml(v)}" for k, v in table.items()]
        path = tmp_path / f"clapboard-{uuid.uuid4().hex[:6]}.toml"
        path.write_text("\n".join(lines) + "\n")
        return str(path)

    def toml(value) -> str:
        return str(value).lower() if isinstance(value, bool) else (
            str(value) if isinstance(value, (int, float)) else '"' + str(value).replace('"', '\\"') + '"')

    monkeypatch.setenv("CLAPBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", app.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_SECRET_KEY", app.secret_key)

    def cli(*args, code=0):
        result = CliRunner().invoke(make_cli(), list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    good = config()
    dry = cli("--config", good, "sync-ldap", "--dry-run")
    assert "Dry run (nothing written): 3 created, 0 updated" in dry and "created: alice" in dry
    assert person(app, "alice") is None
    assert "LDAP sync: 3 created, 0 updated, 0 deactivated, 0 reactivated, 0 conflicts" in cli("--config", good,
                                                                                              "sync-ldap")
    down = cli("--config", config(port=free_port(), connect_timeout=1), "sync-ldap", code=1)
    assert "LDAP sync failed, nothing changed: cannot reach the directory" in down and "Traceback" not in down
    assert person(app, "alice").active is True
