"""deploy/ is checked against the code it deploys: commands, settings, probes, users."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from domain.kernel.settings import Settings
from reliefhub.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"


def settings_variables() -> set[str]:
    """Every environment variable Settings.from_env reads, taken from its source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(Settings.from_env)))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def manifests() -> list[dict[str, Any]]:
    documents = []
    for path in sorted(K8S.glob("*.yaml")):
        documents += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return documents


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [m for m in manifests() if m["kind"] == kind]


def pod_specs() -> list[dict[str, Any]]:
    return [
        m["spec"]["template"]["spec"] for m in manifests() if m["kind"] in ("Deployment", "Job")
    ]


def named(kind: str, name: str) -> dict[str, Any]:
    found = [m for m in of_kind(kind) if m["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}"
    return found[0]


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def app_services() -> dict[str, dict[str, Any]]:
    return {n: s for n, s in compose()["services"].items() if s.get("image") == "reliefhub:latest"}


def test_settings_variables_are_read_from_the_source() -> None:
    # the helper itself: it must find what the README documents
    assert {"DATABASE_URL", "REDIS_URL", "HOST", "PORT", "RELIEFHUB_SECRET_KEY"} <= (
        settings_variables()
    )


def test_compose_runs_api_worker_and_migration_with_real_commands() -> None:
    # given the compose file's ReliefHub services
    services = app_services()
    assert {"api", "worker", "migrate"} <= set(services)
    for name, service in services.items():
        # then each command is one the `reliefhub` parser accepts
        args = build_parser().parse_args(service["command"])
        assert args.command in ("serve", "worker", "migrate"), name
        # and every variable it sets is one the app reads
        assert set(service["environment"]) <= settings_variables(), name
    assert build_parser().parse_args(services["api"]["command"]).command == "serve"
    assert build_parser().parse_args(services["worker"]["command"]).command == "worker"
    assert build_parser().parse_args(services["migrate"]["command"]).command == "migrate"
    assert services["api"]["environment"]["HOST"] == "0.0.0.0"


def test_compose_has_postgres_and_redis_with_health_checks_and_volumes() -> None:
    document = compose()
    services = document["services"]
    for name in ("postgres", "redis", "api"):
        assert services[name]["healthcheck"]["test"], name
    assert {"postgres-data", "redis-data"} <= set(document["volumes"])
    # the API and worker wait for the migration to have finished
    for name in ("api", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_every_container_runs_a_real_command_with_resource_requests() -> None:
    containers = [c for spec in pod_specs() for c in spec["containers"]]
    assert containers
    for container in containers:
        build_parser().parse_args(container["args"])
        requests = container["resources"]["requests"]
        assert requests["cpu"] and requests["memory"], container["name"]
        assert container["envFrom"] == [
            {"configMapRef": {"name": "reliefhub-config"}},
            {"secretRef": {"name": "reliefhub-secrets"}},
        ]


def test_every_pod_runs_as_non_root() -> None:
    for spec in pod_specs():
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] != 0


def test_the_api_deployment_is_probed_on_readyz_and_healthz() -> None:
    # given the API Deployment and the port the app listens on
    api = named("Deployment", "reliefhub-api")["spec"]["template"]["spec"]["containers"][0]
    port = int(named("ConfigMap", "reliefhub-config")["data"]["PORT"])
    assert build_parser().parse_args(api["args"]).command == "serve"
    # then readiness is /readyz, liveness /healthz, both on the container's port
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    ports = {p["name"]: p["containerPort"] for p in api["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        assert ports[api[probe]["httpGet"]["port"]] == port
    assert named("ConfigMap", "reliefhub-config")["data"]["HOST"] == "0.0.0.0"


def test_hpa_service_and_ingress_point_at_what_exists() -> None:
    deployments = {d["metadata"]["name"]: d for d in of_kind("Deployment")}
    for hpa in of_kind("HorizontalPodAutoscaler"):
        assert hpa["spec"]["scaleTargetRef"]["name"] in deployments
    assert named("HorizontalPodAutoscaler", "reliefhub-api")
    service = named("Service", "reliefhub-api")
    labels = deployments["reliefhub-api"]["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    for rule in named("Ingress", "reliefhub")["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"]["name"] == "reliefhub-api"
            assert path["path"] != "/metrics"
    assert named("Job", "reliefhub-migrate")["spec"]["template"]["spec"]["containers"][0][
        "args"
    ] == ["migrate"]


def test_workers_cover_every_queue() -> None:
    queues: set[str] = set()
    for deployment in of_kind("Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            args = build_parser().parse_args(container["args"])
            if args.command == "worker":
                queues |= set(args.queues or ["matching", "notifications", "deliveries"])
    assert queues == {"matching", "notifications", "deliveries"}


@pytest.mark.parametrize("name", ["configmap.yaml", "secret.example.yaml"])
def test_config_and_secret_templates_name_only_real_settings(name: str) -> None:
    (document,) = [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]
    keys = set(document.get("data") or document.get("stringData"))
    assert keys <= settings_variables()
    assert "DATABASE_URL" in keys or "PORT" in keys


def test_the_dockerfile_is_multi_stage_non_root_and_runs_reliefhub() -> None:
    lines = [
        line.strip()
        for line in (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) >= 2 and all("slim" in stage for stage in stages)
    final = lines[lines.index(stages[-1]) :]
    users = [line.split()[1] for line in final if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert 'ENTRYPOINT ["reliefhub"]' in final
    assert any(re.search(r"pip install (--no-deps )?\.$", line) for line in lines)
    # everything copied from the build context exists
    for line in lines:
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    env = " ".join(line for line in final if line.startswith("ENV "))
    assert {name for name in re.findall(r"([A-Z_]+)=", env)} - {"PATH"} - {
        "PYTHONUNBUFFERED",
        "PYTHONDONTWRITEBYTECODE",
    } <= settings_variables()


def test_the_image_script_stands_in_for_the_dockerfiles_own_base() -> None:
    # given the script that builds the image without a Docker engine
    script = DEPLOY / "build-image.sh"
    assert script.stat().st_mode & 0o111, "deploy/build-image.sh is not executable"
    # and the base the Dockerfile names, its ARG defaults substituted, stages left out
    text = (DEPLOY / "Dockerfile").read_text()
    args = dict(re.findall(r"^ARG (\w+)=(\S+)", text, re.MULTILINE))
    stages = re.findall(r"^FROM (\S+)(?: AS (\S+))?", text, re.MULTILINE)
    bases = {re.sub(r"\$\{(\w+)\}", lambda m: args[m[1]], image) for image, _ in stages}
    bases -= {name for _, name in stages}
    # then the base the script makes is that one: it reads the Dockerfile, not a copy
    printed = subprocess.run(
        [str(script), "--print-base"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert {printed} == bases
