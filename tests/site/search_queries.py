"""Korean search queries and the pages each must find (page names without .html).

A page must be found when its text uses every word of the query, with any particle after it
(기울기를, 기울기는 ...), and a compound typed without its space (손실함수) finds the pages that
write it with the space. test_search.py checks these in the built search index (Python, the same
rules as searchtools.js) and, for a sample, on the search page in Chromium.
"""
QUERIES = {
    "텐서": ["notebooks/01_tensors", "notebooks/02_autograd", "notebooks/03_datasets"],
    "텐서를": ["notebooks/01_tensors", "notebooks/02_autograd"],
    "기울기": ["notebooks/02_autograd", "notebooks/10_training"],
    "옵티마이저": ["notebooks/10_training"],
    "손실 함수": ["notebooks/10_training"],
    "모델": ["notebooks/05_modules", "notebooks/08_save_load", "notebooks/10_training"],
    "모델을": ["notebooks/08_save_load", "notebooks/10_training"],
    "손실": ["notebooks/02_autograd", "notebooks/10_training"],
    "배치": ["notebooks/03_datasets", "notebooks/10_training"],
    "데이터셋": ["notebooks/03_datasets"],
    "데이터 로더": ["notebooks/03_datasets"],
    "자동 미분": ["notebooks/02_autograd"],
    "미분": ["notebooks/02_autograd"],
    "레이어": ["notebooks/04_layers", "notebooks/05_modules"],
    "활성화 함수": ["notebooks/04_layers"],
    "모듈": ["notebooks/05_modules"],
    "파라미터": ["notebooks/03_datasets", "notebooks/10_training"],
    "초기화": ["notebooks/06_parameters"],
    "가중치": ["notebooks/06_parameters"],
    "사용자 정의 레이어": ["notebooks/07_custom_layers"],
    "저장": ["notebooks/08_save_load"],
    "불러오기": ["notebooks/08_save_load"],
    "상태 딕셔너리": ["notebooks/08_save_load"],
    "체크포인트": ["notebooks/08_save_load"],
    "장치": ["notebooks/09_gpu"],
    "훈련 세트": ["notebooks/03_datasets"],
    "검증": ["notebooks/10_training"],
    "정확도": ["notebooks/10_training", "notebooks/11_cnn"],
    "에폭": ["notebooks/10_training"],
    "합성곱": ["notebooks/11_cnn"],
    "풀링": ["notebooks/11_cnn"],
    "교차 상관": ["notebooks/11_cnn"],
    "특징": ["notebooks/11_cnn"],
    "올리듀스": ["notebooks/12_ddp"],
    "브로드캐스팅": ["notebooks/01_tensors"],
    "모양": ["notebooks/01_tensors"],
    "잎 텐서": ["notebooks/02_autograd"],
    "과제": ["book/teachers"],
    "용어집": ["book/glossary"],
    "설치": ["book/setup"],
    "가상 환경": ["book/setup"],
    "가중치를": ["notebooks/06_parameters", "notebooks/08_save_load"],
    # a particle glued to a Latin word, a compound without its space, endings (issue 24)
    "GPU에서": ["notebooks/09_gpu"],
    "CUDA로": ["notebooks/09_gpu"],
    "Colab에서": ["book/setup"],
    "손실함수": ["notebooks/10_training"],
    "배치정규화": ["notebooks/04_layers"],
    "텐서란": ["notebooks/01_tensors", "notebooks/02_autograd"],
    "배치마다": ["notebooks/03_datasets", "notebooks/10_training"],
}

# query -> the query that must find exactly the same pages
SAME_PAGES = {
    "텐서를": "텐서", "모델을": "모델", "기울기는": "기울기", "손실은": "손실", "텐서란": "텐서",
    "배치마다": "배치", "GPU에서": "GPU", "CUDA로": "CUDA", "Colab에서": "Colab",
}
