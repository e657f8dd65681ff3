"""The preview server: renders pages on demand with the static build's pipeline, serves them at
their real URLs, and reloads the open browser when a source file is saved.

* :mod:`.state` - the loaded site, the rendered-page cache, and what a change invalidates
* :mod:`.invalidation` - which source a path is; re-reading one page; dropping parse caches
* :mod:`.app` - the starlette application: routing, path safety, assets, reload stream
* :mod:`.watcher` - watchfiles over content, data, translations and the configuration
* :mod:`.errorpage` - the error page shown for a page that cannot be rendered
"""

from .app import PreviewServer, create_app
from .state import Affected, Answer, PreviewSite

__all__ = ["PreviewServer", "create_app", "PreviewSite", "Answer", "Affected"]
