"""Start the dashboard: ``python scripts/serve.py [streamlit options]`` = ``streamlit run app.py …``.

Streamlit 1.67 still runs its legacy multipage mode (every file in ``pages/`` a page, app.py
skipped) for the first script run on a fresh server, until some session has called
st.navigation. A deep link such as ``/map`` as the very first request then shows "Page not
found". Telling Streamlit up front that navigation is declared in app.py removes that.
"""

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())
