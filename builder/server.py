"""``python -m builder serve``: the preview server's command line.

The server itself lives in :mod:`builder.preview` (starlette + uvicorn); this module adds the
``serve`` subcommand to the CLI and runs uvicorn.  It binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable

DEFAULT_HOST = "127.0.0.1"


def add_parser(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``serve`` with the same ``--source/--config/--lang`` as ``build``."""
    parser = subparsers.add_parser(
        "serve", help="preview the site: render pages on demand, reload the browser on save",
        description="Serve the site at its real URLs, rendering each page when it is first "
        "asked for (with the same pipeline as `build`).  Saving a file under content/, data/ "
        "or translations/, or the configuration, reloads the open browser page.")
    common(parser)
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to bind (default: {DEFAULT_HOST}, this machine only)")
    parser.add_argument("--port", type=int, default=os.environ.get("PORT", "4000"),
                        help="port (default: $PORT, else 4000)")
    parser.add_argument("--no-watch", action="store_true", help="do not watch the sources")
    parser.add_argument("--site", type=Path, default=Path("_site"),
                        help="a built site (`build --out`) to answer from while loading, when "
                        "its build cache says it is up to date (default: _site)")
    parser.add_argument("--no-reload-script", action="store_true",
                        help="serve pages exactly as built, without the live-reload script")
    parser.add_argument("--no-search", action="store_true",
                        help="do not build the search index in the background")
    parser.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from .config import load_config

    config_path = args.config or args.source / "builder.yml"
    config = load_config(config_path, args.source)  # a broken configuration stops here
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S",
                        stream=sys.stderr)
    from .preview import PreviewServer

    server = PreviewServer(args.source, config_path, args.lang,
                           livereload=not args.no_reload_script, watch=not args.no_watch,
                           site_dir=args.site, search=not args.no_search)
    home = config.default_language.code
    print(f"serving {args.source} at http://{args.host}:{args.port}/{home} (Ctrl+C stops)",
          file=sys.stderr)
    try:
        serve(server, args.host, args.port)
    except KeyboardInterrupt:  # uvicorn stops gracefully, then re-raises the signal
        pass
    return 0


def make_uvicorn_server(server: Any, host: str = DEFAULT_HOST, port: int = 4000,
                        log_level: str = "warning") -> Any:
    """A uvicorn server for a :class:`~builder.preview.PreviewServer`.

    Stopping it (Ctrl+C, or ``should_exit``) first ends the browsers' event streams, which
    would otherwise keep uvicorn waiting for those connections to finish.
    """
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            server.stop_streams()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(server.app, host=host, port=port, log_level=log_level,
                            access_log=False, lifespan="on", timeout_graceful_shutdown=2,
                            timeout_keep_alive=30)
    return Server(config)


def serve(server: Any, host: str = DEFAULT_HOST, port: int = 4000) -> None:
    make_uvicorn_server(server, host, port).run()


def create_app(source: Path, config_path: Path | None = None, **options: Any) -> Any:
    """The starlette app (for ``uvicorn builder.server:...`` style use and tests)."""
    from .preview import create_app as _create

    return _create(source, config_path, **options)


__all__ = ["add_parser", "cmd_serve", "serve", "make_uvicorn_server", "create_app",
           "DEFAULT_HOST"]
