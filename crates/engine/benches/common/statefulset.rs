/// The benchmarks' input: a StatefulSet of `replicas` (its `podManagementPolicy` is `policy`)
/// with WaitForFirstConsumer storage and a headless Service, on `nodes` nodes (a node runs at most
/// 110 pods), and the scenario's `steps` (YAML lines under `spec:`). Shared by the simulation's benchmark (`scale.rs`) and the
/// picture's (`crates/scene/benches/build.rs`), which include this file.
fn manifest(replicas: u32, policy: &str, nodes: u32, steps: &str) -> String {
    format!(
        r#"
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {{name: standard, annotations: {{storageclass.kubernetes.io/is-default-class: "true"}}}}
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: Service
metadata: {{name: nginx}}
spec: {{clusterIP: None, selector: {{app: nginx}}, ports: [{{name: web, port: 80}}]}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web}}
spec:
  serviceName: nginx
  replicas: {replicas}
  podManagementPolicy: {policy}
  selector: {{matchLabels: {{app: nginx}}}}
  template:
    metadata: {{labels: {{app: nginx}}}}
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        volumeMounts: [{{name: www, mountPath: /usr/share/nginx/html}}]
  volumeClaimTemplates:
  - metadata: {{name: www}}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
---
apiVersion: ordinal/v1alpha1
kind: Scenario
metadata: {{name: bench}}
spec:
  nodes: {nodes}
{steps}"#
    )
}
