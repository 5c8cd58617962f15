#!/usr/bin/env python3
"""Rebuild resumes/ and labels.json for the third-pass set (real US postjobfree.com resumes).

Usage: python3 build.py --mirror-root DIR [--out DIR]
       (or set MIRROR_ROOT=DIR instead of --mirror-root; the argument wins)

Source: QiwenZz/resume_NER (CC-BY-3.0), per-resume NER annotation files under data/Archive_YSY/,
data/annotation_zqw/ and data/annotations_LHB/ at commit 24cf289a6697124b7ea5a1f288614b08262da692.
Each file is one resume: {"classes": [...], "annotations": [[text_fragment, {"entities": ...}], ...]}.
The fragments (whole text or one line each) are joined with newlines to rebuild the resume.
Every file is read with `git --git-dir <mirror root>/QiwenZz+resume_NER/repo show <commit>:<path>` and its
sha256 is checked; any mismatch aborts. A bare clone is enough:
`git clone --bare https://github.com/QiwenZz/resume_NER <mirror root>/QiwenZz+resume_NER/repo`.
Standard library only.
Occupation labels were assigned by hand from each resume's own headline / summary / most recent job title.
Deduplicates within the set and against ../resumes/resumes/*.txt and ../resumes2/resumes/*.txt.
"""
import argparse, collections, hashlib, json, os, re, shutil, subprocess, sys, unicodedata

REPO = "QiwenZz/resume_NER"
MIRROR_DIR = "QiwenZz+resume_NER"
LICENSE = "CC-BY-3.0 (repo LICENSE.txt); underlying resumes were public postings on postjobfree.com"
SOURCE_ID = "qiwenzz_postjobfree"
# (path, commit, sha256 of file, occupation, fine_occupation)
PINS = [
 ('data/Archive_YSY/annotations1294.json', '24cf289a6697124b7ea5a1f288614b08262da692', '7d7f23308dee49cbe01cf64619314dc48659a23eb7a86508e23ac92bd4312642', 'skilled_trades', 'skilled_trades'),
 ('data/Archive_YSY/annotations1295.json', '24cf289a6697124b7ea5a1f288614b08262da692', '9a371e74c914ff86399bafe64ed9ca54e6275ac1d364956b183de2df7e5d437c', 'administrative', 'administrative'),
 ('data/Archive_YSY/annotations1297.json', '24cf289a6697124b7ea5a1f288614b08262da692', '69e2f28d044a2dc015ca835a070bdde6f1c53b38423893e439fec4c83c619346', 'production_worker', 'production_worker'),
 ('data/Archive_YSY/annotations1303.json', '24cf289a6697124b7ea5a1f288614b08262da692', '73b89749fa59a495cef6bd65e169a0eedc74dd1dfc45a77ff460aa0d66fadf25', 'nursing', 'registered_nurse'),
 ('data/Archive_YSY/annotations1306.json', '24cf289a6697124b7ea5a1f288614b08262da692', '32650dac8e9f8dc46be621d2042b14f1024c511bb2b35b118e3788e288b189a8', 'nursing', 'registered_nurse'),
 ('data/Archive_YSY/annotations1309.json', '24cf289a6697124b7ea5a1f288614b08262da692', '6ccb0a0514ac75f96709f5cbbec7085d53ccee36276c909ff18de883ffd707cc', 'retail_sales', 'retail_sales'),
 ('data/Archive_YSY/annotations1313.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c754f0da559efb13e533eee01a8371e798f1469f3c9f73bea41e0ee992207634', 'retail_sales', 'retail_sales'),
 ('data/Archive_YSY/annotations1315.json', '24cf289a6697124b7ea5a1f288614b08262da692', '99a5bd60e1cb703b5a6fc08f378a1b56880b4494ddde15651fdfd3f10844338c', 'customer_service', 'customer_service'),
 ('data/Archive_YSY/annotations1316.json', '24cf289a6697124b7ea5a1f288614b08262da692', '2d407e6b28b715a2fb56b3cb5c7e53250352d517881d8d27f972e5c632d43143', 'customer_service', 'customer_service'),
 ('data/Archive_YSY/annotations1324.json', '24cf289a6697124b7ea5a1f288614b08262da692', '3c3f1ff7120848f17c76ad55ceeb872251b4f568dae5056b0b39b21491e0b49a', 'nursing', 'registered_nurse'),
 ('data/Archive_YSY/annotations1329.json', '24cf289a6697124b7ea5a1f288614b08262da692', '7ad9f5c17391d6858b77bc1a1de5cb6b723808db640d84348bc3896356e9d0fc', 'skilled_trades', 'skilled_trades'),
 ('data/Archive_YSY/annotations1330.json', '24cf289a6697124b7ea5a1f288614b08262da692', '406d7de877320d2306d4404eaf6df56b6b1e21bee7b98aab86c51a4f35f3834e', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/Archive_YSY/annotations1331json.json', '24cf289a6697124b7ea5a1f288614b08262da692', '5cdd5d33ef9704c2cc0b5ccd098107aa3f90da04f7ccba19bbc18c943a4dfd6a', 'production_worker', 'production_worker'),
 ('data/Archive_YSY/annotations1332.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'ebb0a042eb98484b7b140bd5ae94e09396d9e83488e3638769440c3880096a92', 'skilled_trades', 'skilled_trades'),
 ('data/Archive_YSY/annotations1333.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'cb4d17404ba5b6888e0f989f26d032a24b402b75e011f2e98fbbda0f96fe151f', 'nursing', 'personal_care_aide'),
 ('data/Archive_YSY/annotations1335.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'bd4db951756981701f7d3959e81ffb10f217565a80ff7f66b2770e30c19ddc6b', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/Archive_YSY/annotations1337.json', '24cf289a6697124b7ea5a1f288614b08262da692', '40eaa64c71d4d18442ff104ea704b370257a0b07981ca8bf4237bbb52826538a', 'production_worker', 'production_worker'),
 ('data/Archive_YSY/annotations1338.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c3ddaa8d6a7657bc04c6d4770b05222379246d202ff4b9dc094e77e6aad3d73a', 'nursing', 'nursing_assistant'),
 ('data/Archive_YSY/annotations1344.json', '24cf289a6697124b7ea5a1f288614b08262da692', '18b8093311eb505cab9665768a691ba2a2cd7190c34602311a607a9a4a13a425', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/Archive_YSY/annotations1347.json', '24cf289a6697124b7ea5a1f288614b08262da692', '327a874e989f41c60d6540dbe6c9dd8f302c14b5c8ebc498b7046b99fb980aed', 'customer_service', 'customer_service'),
 ('data/Archive_YSY/annotations1348.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'fec2b2a0f7cff39e23121184385854a4cf9da075b01b5115f0b1e6b86728222e', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/Archive_YSY/annotations1349.json', '24cf289a6697124b7ea5a1f288614b08262da692', '3585d08a5bb8ed916f55f3ad714b5f70dafc01e403b37a4322c474a4a17083d6', 'administrative', 'administrative'),
 ('data/Archive_YSY/annotations1352.json', '24cf289a6697124b7ea5a1f288614b08262da692', '11df614d9e32eef9a9805c2b0f1e0595d237f53462bad1c60f993a58ab838dbf', 'skilled_trades', 'skilled_trades'),
 ('data/Archive_YSY/annotations1353.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'f82bc8605f81d0bf71e7ae74fb4225cb60b5be85e57046ebe1f1ef5507c4b505', 'nursing', 'nursing_assistant'),
 ('data/Archive_YSY/annotations1355.json', '24cf289a6697124b7ea5a1f288614b08262da692', '0acb2d0d900b5ed534836cfad61bc2e722736f499ea69d710bd746508d8169c1', 'administrative', 'administrative'),
 ('data/Archive_YSY/annotations1358.json', '24cf289a6697124b7ea5a1f288614b08262da692', '150270a145feaffdd05aef23a652926aabf9da6f24ab8e882b7b7f8faf94b49c', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/Archive_YSY/annotations1363.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c784efaed0b8b94a708839fda0759f9d2028edeabb562112f0b1a8491522312b', 'skilled_trades', 'skilled_trades'),
 ('data/Archive_YSY/annotations1364.json', '24cf289a6697124b7ea5a1f288614b08262da692', '0eaa7ea0e56e53b60fd6b01dd793fb1915e0e7833f80b2a273cbf1d9bdd8cfda', 'retail_sales', 'retail_sales'),
 ('data/Archive_YSY/annotations1366.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'ed0c0541396046c8d56cb0c3db9e74c86cdb3bdb6a0b196e719e905817a60058', 'production_worker', 'production_worker'),
 ('data/annotation_zqw/1001.json', '24cf289a6697124b7ea5a1f288614b08262da692', '59edd903bd38be5f3beaa98fd3b4e8690b553b96ae1f1d875f21c15e01e3a813', 'retail_sales', 'retail_sales'),
 ('data/annotation_zqw/1002.json', '24cf289a6697124b7ea5a1f288614b08262da692', '87e04743529bfa54bd8cf3af5fa15b19c0ad16669394da3660482f33d2c818ec', 'administrative', 'administrative'),
 ('data/annotation_zqw/1005.json', '24cf289a6697124b7ea5a1f288614b08262da692', '26b95254f2e8a7ab5f6b0d813d3a3f3a743b99ae73435d38ab8101cfbf088e7d', 'nursing', 'personal_care_aide'),
 ('data/annotation_zqw/1007.json', '24cf289a6697124b7ea5a1f288614b08262da692', '505d81955ccae2206ebab95b0316e48d97dc18226055869b5c2cd2d77fb3f874', 'retail_sales', 'retail_sales'),
 ('data/annotation_zqw/1013.json', '24cf289a6697124b7ea5a1f288614b08262da692', '42294440e93b8eab89153649ed75472c4a9d681ba1fc462096e4044cc4302784', 'nursing', 'registered_nurse'),
 ('data/annotation_zqw/1016.json', '24cf289a6697124b7ea5a1f288614b08262da692', '10ad484324141a2307b6bbd4dfe8d5d62762956b1a80c3ad18c0f870b5a9e4be', 'administrative', 'administrative'),
 ('data/annotation_zqw/1018.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'a7a9b6438d7126a7c9c959717988a0be4e563ff7db0f5ebd121bea8471d061f8', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/1020.json', '24cf289a6697124b7ea5a1f288614b08262da692', '89cce0a92af7ca582de93b80f734e55b370db378e0d83c127a599ebda6cef809', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotation_zqw/1021.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'ac1008e6de41aa7b374773ee071e7c6f6a36887b428bc2bf0a24178dd6e850d8', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/1024.json', '24cf289a6697124b7ea5a1f288614b08262da692', '7e030001dea348c8c750db2b335610e88d023c8547673de4ea74e157059d3e88', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/1026.json', '24cf289a6697124b7ea5a1f288614b08262da692', '2cb4ba1faf4ed3775ee64dcc8b7aa4a951c416b2f3f2070525a3ed4f8302b7ec', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/1028.json', '24cf289a6697124b7ea5a1f288614b08262da692', '36e86f38e2bf70ed56eec60adcf72e697c070659fe0b95d7080fecc3c436470d', 'retail_sales', 'retail_sales'),
 ('data/annotation_zqw/1029.json', '24cf289a6697124b7ea5a1f288614b08262da692', '0062d32f7300883ac99a15fea3f5fec7bfed07568e04b5c7bfabf894efae3c6e', 'production_worker', 'production_worker'),
 ('data/annotation_zqw/1030.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c819e0687020b3d47b6d7497b38d3e485bcf95c3a55fbaaf3c542cda2f3db42c', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/963.json', '24cf289a6697124b7ea5a1f288614b08262da692', '8c38028ffc8755448e40a01ff8dbdf3629bcd9397a8efae2c0521af091733585', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/966.json', '24cf289a6697124b7ea5a1f288614b08262da692', '3c5d8c665cda77572352df21b6ecee54d3851e9e4ad9066912f01fe7ae086a1c', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/annotation_zqw/969.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'eeab263dd79a67e019e83c76de86a9d43cba1a75ece90bd6416a293c0f88b60a', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/annotation_zqw/970.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'b5e81f0b42489beea2789c165176eba30627b601f01012f5f46a71d5001f2087', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/annotation_zqw/971.json', '24cf289a6697124b7ea5a1f288614b08262da692', '77bbcd3fa758a786bec09b35870db595cfd681090aaac7523dfcc66fe31b7519', 'retail_sales', 'retail_sales'),
 ('data/annotation_zqw/972.json', '24cf289a6697124b7ea5a1f288614b08262da692', '2e25d162cf1ab70ac9c8b5da365d49b304cc95b8b0a6005608819d03c657c944', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotation_zqw/973.json', '24cf289a6697124b7ea5a1f288614b08262da692', '7997eff726491cd510fe51e7d81ca71c66cff8d1931b59df4cfb0ff7e9a65128', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotation_zqw/976.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'd4a92a6c0c17551ae5bbfda08e00ab84e9240abb78a2a98432580d4c52804622', 'administrative', 'administrative'),
 ('data/annotation_zqw/977.json', '24cf289a6697124b7ea5a1f288614b08262da692', '0424b243ab8ec33813cc2cf35252f3eb4a0c264c6d664854ab3f465728f48e95', 'retail_sales', 'retail_sales'),
 ('data/annotation_zqw/979.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'ab7091c2316ac24b093116a608a8dc86eb3fdafacb77ac71b7a559df5f5a1c35', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotation_zqw/980.json', '24cf289a6697124b7ea5a1f288614b08262da692', '378d6be0b31c4643405dc7aaff51286612f90f530527bba275e5bc8716f24bcc', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/981.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c9c8b1782efdf4262599b7509d6f08d732ca4df6b6c834f625cc26fee1bccf19', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotation_zqw/982.json', '24cf289a6697124b7ea5a1f288614b08262da692', '12d6fa097108ff824db9ffa2c31c4b4c95abf5c20635c5891b0a47ad48cfbbaf', 'skilled_trades', 'skilled_trades'),
 ('data/annotation_zqw/983.json', '24cf289a6697124b7ea5a1f288614b08262da692', '2ab4c6c04b8bd6a6304fc428f3da8222f34838464ecf8593b09f59f97f016db5', 'skilled_trades', 'skilled_trades'),
 ('data/annotation_zqw/986.json', '24cf289a6697124b7ea5a1f288614b08262da692', '9f4a60a8eebd988df9f9807a75b2c2b02897608616cd00615f8cb568f76755ba', 'nursing', 'registered_nurse'),
 ('data/annotation_zqw/987.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c09a026ca5e3673e89b01388133969cefce69e03b36b41e7009db81031e2dd35', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/988.json', '24cf289a6697124b7ea5a1f288614b08262da692', '3a6ec39dc656eb679c74e7bb62b67b36893f42b1ae98892fe55a2c4065db5dc2', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/989.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'bc2e81581e66f776b0a44f16f9e87cac0bf1dbf0897fd393bece7006c707b5de', 'customer_service', 'customer_service'),
 ('data/annotation_zqw/990.json', '24cf289a6697124b7ea5a1f288614b08262da692', '2d8ddff6b335338be33a88a07c210bcbe2595e1ba250886c5599a8b0fc43f21f', 'skilled_trades', 'skilled_trades'),
 ('data/annotation_zqw/991.json', '24cf289a6697124b7ea5a1f288614b08262da692', '79096d74ec4afa3f637294e1119387d7820789a7adf6d23923f339a66f60627c', 'skilled_trades', 'skilled_trades'),
 ('data/annotation_zqw/992.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'e1db616b525cd9c5708886070b5bee4466c75ac955f66599471f4ff03bc807c4', 'administrative', 'administrative'),
 ('data/annotation_zqw/996.json', '24cf289a6697124b7ea5a1f288614b08262da692', 'ef4e6e47146abd58f0d3c5e47717d3f6716f4ebc72a2864163d79744a4983708', 'production_worker', 'production_worker'),
 ('data/annotation_zqw/997.json', '24cf289a6697124b7ea5a1f288614b08262da692', '3c79e34ee6f94dc622b0b11bcd64db9aed79c87cd590bf63eac295c4b6a3fb92', 'administrative', 'administrative'),
 ('data/annotations_LHB/annotations (16).json', '24cf289a6697124b7ea5a1f288614b08262da692', 'd7ba876b0b171b2d585b08d04324d2638aac7c18efe273b4da8d2c9cbf71362b', 'production_worker', 'production_worker'),
 ('data/annotations_LHB/annotations (25).json', '24cf289a6697124b7ea5a1f288614b08262da692', '060b301fe487243b1c5972a75c4b78a864d2885d34e29eae960d0c221273f488', 'nursing', 'personal_care_aide'),
 ('data/annotations_LHB/annotations (26).json', '24cf289a6697124b7ea5a1f288614b08262da692', 'a2a00eda95d64f1980f0927c197108ab007df096866d00712b5e7b5253703ace', 'customer_service', 'customer_service'),
 ('data/annotations_LHB/annotations (27).json', '24cf289a6697124b7ea5a1f288614b08262da692', '5e1e3743e5cbfb24c4e44d7bac4f7cc431286d548f40d6d2b34c18f8923cbd3f', 'customer_service', 'customer_service'),
 ('data/annotations_LHB/annotations (29).json', '24cf289a6697124b7ea5a1f288614b08262da692', '6becf75732251c7ddc9ef7ccd8946d2a63bd3f1e457024042b3c7389db9fdfed', 'hospitality_food_service', 'hospitality_food_service'),
 ('data/annotations_LHB/annotations (30).json', '24cf289a6697124b7ea5a1f288614b08262da692', '4060fe125501f4155deba0103820255b4c8d5b30088d60c69024dbd734fa5f70', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotations_LHB/annotations 1).json', '24cf289a6697124b7ea5a1f288614b08262da692', '051a145f3132b2f21418cc4abc8d8ef95c20b538a99540ac01abd9b11e9eb4bb', 'skilled_trades', 'skilled_trades'),
 ('data/annotations_LHB/annotations 14).json', '24cf289a6697124b7ea5a1f288614b08262da692', '2688221cfaa89c86c78630f139b02bfc506200a05b8c8cb319733306d6fd795a', 'retail_sales', 'retail_sales'),
 ('data/annotations_LHB/annotations 15).json', '24cf289a6697124b7ea5a1f288614b08262da692', 'cc95d7ba5d8ab7a21b588f34b9d79ba3ad26ef02d727ce2a0b53f5731e21443f', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotations_LHB/annotations 16).json', '24cf289a6697124b7ea5a1f288614b08262da692', '15c09bd41d6d4449372913a76401f93bad941bde9687874dcc5e9455f8ca9a52', 'production_worker', 'production_worker'),
 ('data/annotations_LHB/annotations 18).json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c958861e7b4c730bed6c694ddc7618e3c72524e2cf0182518aed10e9016a1fd6', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotations_LHB/annotations 19).json', '24cf289a6697124b7ea5a1f288614b08262da692', '390b9b5025cf4dc46c593eae8089bef8ef60bca16b1012f115e05e5746234f24', 'customer_service', 'customer_service'),
 ('data/annotations_LHB/annotations 22).json', '24cf289a6697124b7ea5a1f288614b08262da692', '6479b33e7e092bae7896f79b3a35bb9a734700284c3fa34ad453bc26a9e31a37', 'warehouse_logistics', 'warehouse_logistics'),
 ('data/annotations_LHB/annotations 23).json', '24cf289a6697124b7ea5a1f288614b08262da692', '9c02084031099d80253dffd0c531bf7a1ed83fbc33435bd1a11a43678ff52129', 'administrative', 'administrative'),
 ('data/annotations_LHB/annotations 4).json', '24cf289a6697124b7ea5a1f288614b08262da692', '38f302d32ded6be6acd90a871d60103320e46c307cfed0ed321997d550447b50', 'nursing', 'personal_care_aide'),
 ('data/annotations_LHB/annotations 6).json', '24cf289a6697124b7ea5a1f288614b08262da692', 'c9c37b7df8890832853134de5eeacca5daa2cf5b6b86a1206199279cb2e12e42', 'hospitality_food_service', 'hospitality_food_service'),
]
MIN_WORDS, MIN_PER_OCC, CAP, K, NEAR_DUP = 80, 8, 40, 5, 0.90

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# phone-like: 3-3-4 groups of digits or '*' masks, optional +1 / parentheses; must contain >= 3 digits
PHONE = re.compile(r"(?<![\w*])(\+?1[\s.-]*)?\(?[\d*]{3}\)?[\s.-]*[\d*]{3}[\s.-]*[\d*]{4}(?![\w*])")
URLISH = re.compile(r"\b(www\.\S+|https?://\S+|linkedin\.com/\S+)")

def mask_phone(m):
    s = m.group(0)
    return "[phone]" if sum(ch.isdigit() for ch in s) >= 3 else s

def no_mirror_root(ap, clones):
    """Exit: neither --mirror-root nor $MIRROR_ROOT was given. `clones` lists (owner/name, mirror_dir, [commits])."""
    lines = ["no mirror root: pass --mirror-root DIR or set MIRROR_ROOT=DIR.",
             "DIR must hold a git clone of each source repository, containing the pinned commit. A bare clone",
             "is enough: the files are read with `git --git-dir=... show <commit>:<path>`. For example:"]
    for repo, mirror_dir, commits in clones:
        gd = "DIR/%s/repo" % mirror_dir
        lines.append("  git clone --bare https://github.com/%s %s" % (repo, gd))
        lines += ["  git --git-dir %s cat-file -e '%s^{commit}'" % (gd, c) for c in commits]
    lines += ["If cat-file fails, fetch the commit by id: git --git-dir <gitdir> fetch origin <commit>.",
              "See README.md next to this script."]
    ap.error("\n".join(lines))

def git_show(root, path, commit, sha):
    gd = os.path.join(root, MIRROR_DIR, "repo")
    b = subprocess.run(["git", "--git-dir", gd, "show", "%s:%s" % (commit, path)],
                       check=True, capture_output=True).stdout
    h = hashlib.sha256(b).hexdigest()
    if h != sha:
        sys.exit("sha256 mismatch for %s@%s: %s != %s" % (path, commit, h, sha))
    return b

def fragments(raw):
    d = json.loads(raw.decode("utf-8"))
    out = []
    for item in d["annotations"]:
        if isinstance(item, list) and item and isinstance(item[0], str):
            out.append(item[0])
    return out

def clean(text):
    t = unicodedata.normalize("NFC", text)
    t = t.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    t = EMAIL.sub("[email]", t)
    t = PHONE.sub(mask_phone, t)
    lines = [re.sub(r"[ \t\f\v]+", " ", l).strip() for l in t.split("\n")]
    t = "\n".join(lines)
    t = re.sub(r"\n{3,}", "\n\n", t).strip() + "\n"
    return t

def norm_key(t):
    return hashlib.sha256(" ".join(t.lower().split()).encode()).hexdigest()

def shingles(t):
    w = re.findall(r"\w+", t.lower())
    return {" ".join(w[i:i + K]) for i in range(max(0, len(w) - K + 1))}

def near_dup(a, b):
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) > NEAR_DUP

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror-root", metavar="DIR", default=os.environ.get("MIRROR_ROOT"),
                    help="directory holding a git clone of each source at DIR/<owner>+<name>/repo "
                         "(default: $MIRROR_ROOT; one of the two is required)")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=here)
    a = ap.parse_args()
    if not a.mirror_root:
        no_mirror_root(ap, [(REPO, MIRROR_DIR, sorted({commit for _, commit, _, _, _ in PINS}))])

    prior = []
    for d in ("resumes", "resumes2"):
        pd = os.path.join(here, "..", d, "resumes")
        if os.path.isdir(pd):
            for f in sorted(os.listdir(pd)):
                if f.endswith(".txt"):
                    t = open(os.path.join(pd, f), encoding="utf-8").read()
                    prior.append((norm_key(t), shingles(t)))
    seen = {k for k, _ in prior}
    kept_sh = [s for _, s in prior]

    stats = collections.Counter()
    by_occ = collections.defaultdict(list)
    for path, commit, sha, occ, fine in PINS:
        text = clean("\n".join(x.strip("\r\n") for x in fragments(git_show(a.mirror_root, path, commit, sha))))
        if len(text.split()) < MIN_WORDS:
            stats["short"] += 1; continue
        k = norm_key(text)
        if k in seen:
            stats["exact_dup"] += 1; continue
        sh = shingles(text)
        if any(near_dup(sh, s) for s in kept_sh):
            stats["near_dup"] += 1; continue
        seen.add(k); kept_sh.append(sh)
        by_occ[occ].append(dict(text=text, key=k, path=path, commit=commit, sha=sha, fine=fine))

    rdir = os.path.join(a.out, "resumes")
    if os.path.isdir(rdir):
        shutil.rmtree(rdir)
    os.makedirs(rdir)
    labels = []
    for occ in sorted(by_occ):
        items = by_occ[occ]
        if len(items) < MIN_PER_OCC:
            stats["dropped_small_class"] += len(items); continue
        items = sorted(items, key=lambda r: r["key"])[:CAP]
        for n, r in enumerate(sorted(items, key=lambda r: r["path"]), 1):
            fn = "resumes/%s_%03d.txt" % (occ, n)
            with open(os.path.join(a.out, fn), "w", encoding="utf-8") as fh:
                fh.write(r["text"])
            labels.append({"file": fn, "occupation": occ, "fine_occupation": r["fine"], "source": SOURCE_ID,
                           "source_path": r["path"], "source_commit": r["commit"], "source_sha256": r["sha"]})
    out = {"resumes": labels,
           "sources": {SOURCE_ID: {"repo": REPO, "commit": "24cf289a6697124b7ea5a1f288614b08262da692",
                                   "license": LICENSE}}}
    with open(os.path.join(a.out, "labels.json"), "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False, sort_keys=False)
        fh.write("\n")
    c = collections.Counter(l["occupation"] for l in labels)
    print(json.dumps({"counts": c, "total": len(labels), "filtered": stats}, indent=1))

if __name__ == "__main__":
    main()
