"""factory-boy factories, one module per app; import them all from `tests.factories`."""

from tests.factories.accounts import *  # noqa: F403
from tests.factories.assets import *  # noqa: F403
from tests.factories.catalog import *  # noqa: F403
from tests.factories.incidents import *  # noqa: F403
from tests.factories.knowledge import *  # noqa: F403
from tests.factories.maintenance import *  # noqa: F403
from tests.factories.satisfaction import *  # noqa: F403
from tests.factories.sla import *  # noqa: F403
