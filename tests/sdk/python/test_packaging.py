"""The container files, checked by parsing (no Docker engine runs on CI machines): the
compose service, its health check and volume, and that the Dockerfile is built from the
repository's own scripts with the groups they define."""
import os
import re
import subprocess

import yaml

from bunker_process import ROOT

DOCKERFILE = os.path.join(ROOT, "docker", "Dockerfile")
COMPOSE = os.path.join(ROOT, "docker", "docker-compose.yml")


def dockerfile_instructions():
    with open(DOCKERFILE) as f:
        text = f.read().replace("\\\n", " ")
    return [(m.group(1).upper(), m.group(2).strip()) for m in re.finditer(r"^\s*([A-Za-z]+)\s+(.*)$", text, re.M)
            if not m.group(0).lstrip().startswith("#")]


def test_compose_service_is_well_formed():
    with open(COMPOSE) as f:
        compose = yaml.safe_load(f)
    svc = compose["services"]["bunker"]
    assert svc["build"]["dockerfile"] == "docker/Dockerfile"
    assert os.path.isfile(os.path.join(os.path.dirname(COMPOSE), svc["build"]["context"], svc["build"]["dockerfile"]))
    assert "4566:4566" in svc["ports"]
    assert svc["environment"]["BUNKER_HOST"] == "0.0.0.0"
    data_dir = svc["environment"]["BUNKER_DATA_DIR"]
    assert any(v.endswith(":" + data_dir) for v in svc["volumes"])
    assert "/_bunker/health" in " ".join(svc["healthcheck"]["test"])
    for volume in svc["volumes"]:
        assert volume.split(":")[0] in compose["volumes"]


def test_dockerfile_uses_the_repository_scripts():
    ins = dockerfile_instructions()
    froms = [arg for op, arg in ins if op == "FROM"]
    assert froms[0].startswith("debian:bookworm") and froms[-1].startswith("debian:bookworm")
    for op, arg in ins:
        if op == "COPY" and "--from" not in arg and arg != ". .":
            src = arg.split()[0]
            assert os.path.exists(os.path.join(ROOT, src)), src
    runs = " ".join(arg for op, arg in ins if op == "RUN")
    for script, group in re.findall(r"(scripts/deps|/opt/bunker/scripts/deps)\s+(\w+)", runs):
        out = subprocess.run(["bash", "-c", f"grep -q '^  {group})' {ROOT}/scripts/deps"], capture_output=True)
        assert out.returncode == 0, f"scripts/deps has no group {group}"
    assert "scripts/build" in runs
    env = " ".join(arg for op, arg in ins if op == "ENV")
    assert "BUNKER_HOST=0.0.0.0" in env
    health = " ".join(arg for op, arg in ins if op == "HEALTHCHECK")
    assert "/_bunker/health" in health
    assert any(op == "ENTRYPOINT" and "bunker" in arg for op, arg in ins)


def test_container_environment_names_real_options():
    # Every BUNKER_* variable the image and the compose file set is one bunker reads.
    from bunker_process import BIN
    help_text = subprocess.run([BIN, "--help"], capture_output=True, text=True).stdout
    ins = dockerfile_instructions()
    names = re.findall(r"(BUNKER_[A-Z_]+)=", " ".join(arg for op, arg in ins if op == "ENV"))
    with open(COMPOSE) as f:
        names += list(yaml.safe_load(f)["services"]["bunker"]["environment"])
    assert names
    for name in names:
        assert f"[{name}]" in help_text, f"{name} is not a bunker option"


def test_image_packages_exist_in_debian():
    # The runtime stage installs shared libraries by their sonamed package names; check each
    # is a real package of this Debian release (offline: apt's own package lists).
    with open(os.path.join(ROOT, "scripts", "deps")) as f:
        m = re.search(r"IMAGE_PKGS=\(([^)]*)\)", f.read())
    pkgs = m.group(1).split()
    assert "librocksdb7.8" in pkgs
    known = subprocess.run(["apt-cache", "policy", *pkgs], capture_output=True, text=True).stdout
    missing = [p for p in pkgs if f"\n{p}:" not in "\n" + known and not known.startswith(p + ":")]
    assert not missing, f"not Debian packages here: {missing}"
