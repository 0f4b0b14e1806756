//! The specs the simulator serves, as tables: `openapi/srm.yaml` and `openapi/replication.yaml`
//! through the same code generator as the client's (build.rs), so the front (`front.rs`)
//! checks requests against exactly what the client validates and Schemathesis reads.

pub(crate) mod srm {
    include!(concat!(env!("OUT_DIR"), "/srm.table.rs"));
}

pub(crate) mod replication {
    include!(concat!(env!("OUT_DIR"), "/replication.table.rs"));
}
