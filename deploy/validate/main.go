// Command k8s-validate decodes every object of a multi-document YAML stream
// (what `helm template` prints) strictly into the typed object its apiVersion
// and kind name, from the k8s.io/api release pinned in go.mod: an unknown
// field, a duplicate field, a field of the wrong type, a malformed quantity or
// a kind that release does not have is an error. This is the decoding the API
// server does with `kubectl apply --validate=strict`, without a cluster.
//
// Usage: k8s-validate < manifests.yaml
// Prints one line per object; exits 1 naming every object that fails.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// The API groups a chart of ours may use; a kind outside them is refused
// rather than passed unchecked.
var scheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme,
		appsv1.AddToScheme,
		batchv1.AddToScheme,
		autoscalingv2.AddToScheme,
		policyv1.AddToScheme,
		networkingv1.AddToScheme,
		rbacv1.AddToScheme,
	} {
		if err := add(s); err != nil {
			panic(err)
		}
	}
	return s
}()

func main() {
	failures, count, err := validate(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(2)
	}
	if count == 0 {
		fmt.Fprintln(os.Stderr, "error: no object in the input")
		os.Exit(1)
	}
	if failures > 0 {
		fmt.Fprintf(os.Stderr, "%d of %d objects failed strict decoding\n", failures, count)
		os.Exit(1)
	}
	fmt.Printf("%d objects valid\n", count)
}

func validate(in io.Reader, out io.Writer) (failures, count int, err error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(in))
	for index := 0; ; index++ {
		doc, readErr := reader.Read()
		if errors.Is(readErr, io.EOF) {
			return failures, count, nil
		}
		if readErr != nil {
			return failures, count, fmt.Errorf("document %d: %w", index, readErr)
		}
		if isEmpty(doc) {
			continue
		}
		count++
		label, problem := check(doc)
		if problem != nil {
			failures++
			fmt.Fprintf(out, "FAIL %s (document %d): %v\n", label, index, problem)
			continue
		}
		fmt.Fprintf(out, "ok   %s\n", label)
	}
}

// check decodes one document strictly into its typed object.
func check(doc []byte) (string, error) {
	// Duplicate keys are an error here already (YAMLToJSONStrict).
	data, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return "?", fmt.Errorf("not valid YAML: %w", err)
	}
	var head struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Metadata   metav1.ObjectMeta `json:"metadata"`
	}
	if err := kjson.UnmarshalCaseSensitivePreserveInts(data, &head); err != nil {
		return "?", fmt.Errorf("no apiVersion/kind/metadata: %w", err)
	}
	label := fmt.Sprintf("%s %s %q", head.APIVersion, head.Kind, head.Metadata.Name)
	if head.APIVersion == "" || head.Kind == "" {
		return label, errors.New("apiVersion and kind are required")
	}
	if head.Metadata.Name == "" {
		return label, errors.New("metadata.name is required")
	}
	gv, err := schema.ParseGroupVersion(head.APIVersion)
	if err != nil {
		return label, err
	}
	object, err := scheme.New(gv.WithKind(head.Kind))
	if err != nil {
		return label, fmt.Errorf("not a kind of the pinned Kubernetes API: %w", err)
	}
	strict, err := kjson.UnmarshalStrict(data, object, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		return label, err
	}
	if len(strict) > 0 {
		messages := make([]string, len(strict))
		for i, e := range strict {
			messages[i] = e.Error()
		}
		return label, errors.New(strings.Join(messages, "; "))
	}
	return label, nil
}

func isEmpty(doc []byte) bool {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) > 0 && trimmed[0] != '#' && !bytes.Equal(trimmed, []byte("---")) {
			return false
		}
	}
	return true
}
