//! The generated registries list exactly the services the spec's YAML files define, with
//! their kinds and (intl) URL paths. The expectation is read here from the files' own
//! top-level `service:` and `kind:` lines, not from the generator or the registry.

use std::collections::BTreeSet;
use std::path::Path;

use alipay_proto::intl::{self, FunctionId};
use alipay_proto::overseas::ServiceId;
use alipay_proto::{Kind, Service};

/// (wire name, kind) of every service file of `family`: the top-level `service:` and `kind:`.
fn services_in_spec(family: &str) -> BTreeSet<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../alipay-proto/spec")
        .join(family);
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("spec folder") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "common.yaml")
            || path.extension().is_none_or(|e| e != "yaml")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("spec file");
        let top = |key: &str| {
            let prefix = format!("{key}: ");
            let mut values = text.lines().filter_map(|l| l.strip_prefix(prefix.as_str()));
            let value = values
                .next()
                .unwrap_or_else(|| panic!("{path:?}: no {key}"));
            assert!(values.next().is_none(), "{path:?}: two {key} lines");
            value.trim().to_owned()
        };
        found.insert((top("service"), top("kind")));
    }
    assert!(!found.is_empty(), "{dir:?} holds services");
    found
}

fn kind_text(kind: Kind) -> String {
    kind.to_string()
}

#[test]
fn the_overseas_registry_is_the_spec() {
    let registry: BTreeSet<(String, String)> = ServiceId::ALL
        .iter()
        .map(|id| (id.name().to_owned(), kind_text(id.kind())))
        .collect();
    assert_eq!(registry, services_in_spec("overseas"));
    assert_eq!(registry.len(), ServiceId::ALL.len(), "no service twice");
    for id in ServiceId::ALL {
        assert_eq!(ServiceId::from_wire(id.name()), Some(id));
        assert_eq!(id.to_string(), id.name());
    }
    assert_eq!(
        ServiceId::from_wire("alipay.overseas.secmerchant.Maintain"),
        None
    );
    assert_eq!(ServiceId::from_wire(""), None);
}

#[test]
fn the_intl_registry_is_the_spec_and_its_paths_are_the_documented_urls() {
    let registry: BTreeSet<(String, String)> = FunctionId::ALL
        .iter()
        .map(|id| (id.name().to_owned(), kind_text(id.kind())))
        .collect();
    assert_eq!(registry, services_in_spec("intl"));
    for id in FunctionId::ALL {
        assert_eq!(FunctionId::from_wire(id.name()), Some(id));
        // "https://open-sea.alipay.com/api/alipay/intl/merchant/common/indirectMerchant/
        // maintain.htm" (spec/intl/common.yaml, the endpoint note): the function's dots as
        // slashes, then `.htm`, below the production endpoint.
        let url = format!("{}{}", intl::PRODUCTION_GATEWAY, id.path());
        let expected = format!(
            "https://open-sea.alipay.com/api/{}.htm",
            id.name().split('.').collect::<Vec<_>>().join("/")
        );
        assert_eq!(url, expected);
        assert_eq!(
            FunctionId::from_path(&format!("/api/{}", id.path())),
            Some(id)
        );
        assert_eq!(FunctionId::from_path(&id.path()), Some(id));
        assert_eq!(FunctionId::from_path(&format!("/x{}", id.path())), None);
    }
}

/// The visit hands generic code the descriptor of the service an ID names.
#[test]
fn visiting_an_id_runs_generic_code_with_its_service_type() {
    struct NameAndKind;
    impl alipay_proto::Visitor<alipay_proto::service::Overseas> for NameAndKind {
        type Output = (&'static str, Kind);
        fn visit<S: Service<Family = alipay_proto::service::Overseas>>(self) -> Self::Output {
            (S::NAME, S::KIND)
        }
    }
    impl alipay_proto::Visitor<alipay_proto::service::Intl> for NameAndKind {
        type Output = (&'static str, Kind);
        fn visit<S: Service<Family = alipay_proto::service::Intl>>(self) -> Self::Output {
            (S::NAME, S::KIND)
        }
    }
    for id in ServiceId::ALL {
        assert_eq!(id.visit(NameAndKind), (id.name(), id.kind()));
    }
    for id in FunctionId::ALL {
        assert_eq!(id.visit(NameAndKind), (id.name(), id.kind()));
    }
}
