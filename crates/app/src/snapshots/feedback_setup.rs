//! The feedback setup (categories, areas, routes) as of a stored version (0: none yet).

use motcua_domain::feedback::Setup;
use motcua_storage::Store;

use crate::error::Result;

pub struct FeedbackSetup {
    pub version: i64,
    pub setup: Setup,
}

impl std::ops::Deref for FeedbackSetup {
    type Target = Setup;
    fn deref(&self) -> &Setup {
        &self.setup
    }
}

impl FeedbackSetup {
    pub(crate) async fn load(store: &Store) -> Result<Self> {
        Ok(match store.feedback_setup().await? {
            Some((setup, version)) => Self { version, setup },
            None => Self {
                version: 0,
                setup: Setup::default(),
            },
        })
    }
}
