//! The sandbox gateway's orders: in memory, or behind [`OrderBook`] for another store.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use time::OffsetDateTime;

use super::request::PayRequest;
use crate::error::VnpayError;
use crate::notification::Notification;

/// An order the sandbox has accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxOrder {
    pub request: PayRequest,
    pub accepted_at: OffsetDateTime,
    /// What was sent back once the payer chose an outcome; `None` while open.
    pub completion: Option<Notification>,
}

/// Where the sandbox keeps its orders, keyed by `vnp_TxnRef`.
pub trait OrderBook: Send + Sync {
    /// Adds an order (`duplicate_order` when the reference is taken).
    fn insert(&self, order: SandboxOrder) -> Result<(), VnpayError>;
    /// The order with this reference.
    fn get(&self, txn_ref: &str) -> Option<SandboxOrder>;
    /// Records the outcome of an open order, atomically (`unknown_order`,
    /// `order_completed`).
    fn complete(&self, txn_ref: &str, outcome: Notification) -> Result<SandboxOrder, VnpayError>;
}

/// Orders in a map in memory (the demo's default; lost on restart).
#[derive(Debug, Default)]
pub struct MemoryOrderBook {
    orders: Mutex<HashMap<String, SandboxOrder>>,
}

impl MemoryOrderBook {
    /// An empty book.
    pub fn new() -> MemoryOrderBook {
        MemoryOrderBook::default()
    }
}

impl OrderBook for MemoryOrderBook {
    fn insert(&self, order: SandboxOrder) -> Result<(), VnpayError> {
        let mut orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        let key = order.request.txn_ref.as_str().to_owned();
        if orders.contains_key(&key) {
            return Err(VnpayError::DuplicateOrder);
        }
        orders.insert(key, order);
        Ok(())
    }

    fn get(&self, txn_ref: &str) -> Option<SandboxOrder> {
        let orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        orders.get(txn_ref).cloned()
    }

    fn complete(&self, txn_ref: &str, outcome: Notification) -> Result<SandboxOrder, VnpayError> {
        let mut orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        let order = orders.get_mut(txn_ref).ok_or(VnpayError::UnknownOrder)?;
        if order.completion.is_some() {
            return Err(VnpayError::OrderCompleted);
        }
        order.completion = Some(outcome);
        Ok(order.clone())
    }
}
