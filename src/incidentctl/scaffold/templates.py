"""The Jinja2 environment: built-in templates, overridable, sandboxed and strict.

A team overrides a template by putting a file of the same name in the policy's
``templates_dir``. Templates render in a sandbox with ``StrictUndefined``: a
missing variable is an error that names the template, the line and the
variable, never a silently empty field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from incidentctl.errors import ConfigError
from incidentctl.resources import data_dir


class TemplateError(ConfigError):
    """A template could not be loaded or rendered."""


def environment(override_dir: Path | None) -> Any:
    """A sandboxed environment: ``override_dir`` first, then the built-ins."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    search = [str(override_dir)] if override_dir is not None else []
    search.append(str(data_dir("templates")))
    env = SandboxedEnvironment(
        loader=FileSystemLoader(search),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def render(env: Any, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; turn every template problem into one clear error."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        template = env.get_template(name)
        return str(template.render(**context))
    except TemplateNotFound:
        raise TemplateError(f"template {name} not found") from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax error: {exc.message}",
            exc.filename or name,
            exc.lineno or 0,
        ) from None
    except UndefinedError as exc:
        path, line = _location(exc, env, name)
        raise TemplateError(
            f"template variable error: {exc.message}", path, line
        ) from None
    except SecurityError as exc:
        path, line = _location(exc, env, name)
        raise TemplateError(
            f"template blocked by the sandbox: {exc}", path, line
        ) from None
    except JinjaError as exc:
        path, line = _location(exc, env, name)
        raise TemplateError(f"template error: {exc}", path, line) from None


def _location(exc: BaseException, env: Any, name: str) -> tuple[str, int]:
    """The template file and line a render error happened at (from the traceback)."""
    filename = _filename(env, name)
    line = 0
    traceback = exc.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_filename == filename or code.co_filename.endswith(name):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return _shown(filename), line


def _shown(path: str) -> str:
    """A template path relative to the working directory when it is below it."""
    import os

    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return path if relative.startswith("..") else relative


def _filename(env: Any, name: str) -> str:
    try:
        source = env.loader.get_source(env, name)
    except Exception:
        return name
    return str(source[1])
