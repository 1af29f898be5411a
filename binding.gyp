# The build behind `npm install`, node-gyp-build and prebuildify. It compiles
# the same sources twice: `repsim` for any x86-64 (or other) CPU, and on x64 a
# `repsim_x86_64_v3` module (AVX2 + FMA + F16C) that lib/native.ts loads
# instead when the CPU supports it. The variant is named *.so, not *.node, so
# that node-gyp-build (which loads the first *.node it sees) always finds the
# portable one, while prebuildify still copies it into prebuilds/ (it copies
# *.so files); its extension is set in target_conditions because node-gyp's
# own target_conditions would otherwise force ".node". Sources come from native/sources.json,
# the list CMakeLists.txt reads too.
{
  "variables": {
    "eigen_include": "<!(node scripts/find-eigen.js)",
    "addon_api_include": "<!(node -p \"require('node-addon-api').include_dir\")",
    "repsim_sources": [
      "<!@(node -p \"const s = require('./native/sources.json'); s.core.concat(s.binding).join(' ')\")"
    ]
  },
  "target_defaults": {
    "sources": ["<@(repsim_sources)"],
    "include_dirs": ["<(addon_api_include)", "native/core"],
    "defines": [
      "NAPI_VERSION=8",
      "NAPI_CPP_EXCEPTIONS",
      "NODE_ADDON_API_DISABLE_DEPRECATED",
      "EIGEN_MPL2_ONLY",
      "EIGEN_NO_DEBUG"
    ],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
    "cflags_cc": [
      "-std=c++17",
      "-O3",
      "-fvisibility=hidden",
      "-fvisibility-inlines-hidden",
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
      "target_name": "repsim"
    }
  ],
  "conditions": [
    [
      "target_arch=='x64' and OS!='win'",
      {
        "targets": [
          {
            "target_name": "repsim_x86_64_v3",
            "target_conditions": [["1==1", { "product_extension": "so" }]],
            "defines": ["REPSIM_ISA_X86_64_V3"],
            "cflags_cc": ["-mavx2", "-mfma", "-mf16c"],
            "xcode_settings": {
              "OTHER_CPLUSPLUSFLAGS": ["-O3", "-isystem", "<(eigen_include)", "-mavx2", "-mfma", "-mf16c"]
            }
          }
        ]
      }
    ]
  ]
}
