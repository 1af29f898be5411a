# The build behind `npm install`, node-gyp-build and prebuildify.
#
# - repsim_cpu.node: a tiny module (no Eigen) that reports which builds this
#   CPU can run. It is the only *.node file, so node-gyp-build always finds it.
# - repsim_<isa>.so: the numerical core and its binding, compiled per
#   instruction-set level (baseline, x86-64-v3, x86-64-v4; flags in
#   native/sources.json). lib/native.ts loads the fastest one the CPU runs.
#   Each links its own static core library, which the C++ unit tests reuse
#   (scripts/test-native.js) instead of compiling the core again.
#
# Which variants are compiled: scripts/native-variants.js. A source install
# builds only the one this machine will load; REPSIM_BUILD_VARIANTS=all (used
# by `npm run prebuild`) builds every variant for the platform.
#
# The variants are named *.so, not *.node, because node-gyp-build loads the
# first *.node it sees; prebuildify copies *.so files too. Their extension is
# set in target_conditions because node-gyp's own would otherwise force ".node".
# -Wno-maybe-uninitialized: GCC 12 flags _mm512_undefined_pd() inside Eigen's
# AVX-512 reductions, a false positive that floods the x86-64-v4 build log.
{
  "variables": {
    "eigen_include": "<!(node scripts/find-eigen.js)",
    "addon_api_include": "<!(node -p \"require('node-addon-api').include_dir\")",
    "core_sources": ["<!@(node -p \"require('./native/sources.json').core.join(' ')\")"],
    "binding_sources": ["<!@(node -p \"require('./native/sources.json').binding.join(' ')\")"],
    "probe_sources": ["<!@(node -p \"require('./native/sources.json').probe.join(' ')\")"],
    "build_baseline": "<!(node scripts/native-variants.js has baseline)",
    "build_x86_64_v3": "<!(node scripts/native-variants.js has x86-64-v3)",
    "build_x86_64_v4": "<!(node scripts/native-variants.js has x86-64-v4)"
  },
  "target_defaults": {
    "include_dirs": ["<(addon_api_include)", "native/core"],
    "defines": [
      "NAPI_VERSION=8",
      "NAPI_CPP_EXCEPTIONS",
      "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
      "NODE_ADDON_API_DISABLE_DEPRECATED",
      "EIGEN_MPL2_ONLY",
      "EIGEN_NO_DEBUG"
    ],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
    "cflags_cc": [
      "-std=c++17",
      "-O3",
      "-fPIC",
      "-fvisibility=hidden",
      "-fvisibility-inlines-hidden",
      "-Wno-maybe-uninitialized",
      "-isystem",
      "<(eigen_include)"
    ],
    "xcode_settings": {
      "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
      "OTHER_CPLUSPLUSFLAGS": ["-O3", "-isystem", "<(eigen_include)"]
    },
    "msvs_settings": {
      "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/bigobj"] }
    }
  },
  "targets": [
    {
      "target_name": "repsim_cpu",
      "sources": ["<@(probe_sources)"]
    }
  ],
  "conditions": [
    [
      "build_baseline==1",
      {
        "targets": [
          {
            "target_name": "repsim_core_baseline",
            "type": "static_library",
            "sources": ["<@(core_sources)"]
          },
          {
            "target_name": "repsim_baseline",
            "target_conditions": [["1==1", { "product_extension": "so" }]],
            "dependencies": ["repsim_core_baseline"],
            "sources": ["<@(binding_sources)"]
          }
        ]
      }
    ],
    [
      "build_x86_64_v3==1",
      {
        "targets": [
          {
            "target_name": "repsim_core_x86_64_v3",
            "type": "static_library",
            "sources": ["<@(core_sources)"],
            "defines": ["REPSIM_ISA_X86_64_V3"],
            "cflags_cc": ["<!@(node scripts/native-variants.js flags x86-64-v3)"],
            "xcode_settings": {
              "OTHER_CPLUSPLUSFLAGS": [
                "-O3",
                "-isystem",
                "<(eigen_include)",
                "<!@(node scripts/native-variants.js flags x86-64-v3)"
              ]
            }
          },
          {
            "target_name": "repsim_x86_64_v3",
            "target_conditions": [["1==1", { "product_extension": "so" }]],
            "dependencies": ["repsim_core_x86_64_v3"],
            "sources": ["<@(binding_sources)"],
            "defines": ["REPSIM_ISA_X86_64_V3"],
            "cflags_cc": ["<!@(node scripts/native-variants.js flags x86-64-v3)"],
            "xcode_settings": {
              "OTHER_CPLUSPLUSFLAGS": [
                "-O3",
                "-isystem",
                "<(eigen_include)",
                "<!@(node scripts/native-variants.js flags x86-64-v3)"
              ]
            }
          }
        ]
      }
    ],
    [
      "build_x86_64_v4==1",
      {
        "targets": [
          {
            "target_name": "repsim_core_x86_64_v4",
            "type": "static_library",
            "sources": ["<@(core_sources)"],
            "defines": ["REPSIM_ISA_X86_64_V4"],
            "cflags_cc": ["<!@(node scripts/native-variants.js flags x86-64-v4)"],
            "xcode_settings": {
              "OTHER_CPLUSPLUSFLAGS": [
                "-O3",
                "-isystem",
                "<(eigen_include)",
                "<!@(node scripts/native-variants.js flags x86-64-v4)"
              ]
            }
          },
          {
            "target_name": "repsim_x86_64_v4",
            "target_conditions": [["1==1", { "product_extension": "so" }]],
            "dependencies": ["repsim_core_x86_64_v4"],
            "sources": ["<@(binding_sources)"],
            "defines": ["REPSIM_ISA_X86_64_V4"],
            "cflags_cc": ["<!@(node scripts/native-variants.js flags x86-64-v4)"],
            "xcode_settings": {
              "OTHER_CPLUSPLUSFLAGS": [
                "-O3",
                "-isystem",
                "<(eigen_include)",
                "<!@(node scripts/native-variants.js flags x86-64-v4)"
              ]
            }
          }
        ]
      }
    ]
  ]
}
